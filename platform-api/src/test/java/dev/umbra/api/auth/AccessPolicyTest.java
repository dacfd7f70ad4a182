package dev.umbra.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.team.Role;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    @Test
    void readingNeedsAViewerAndChangingAMember() {
        assertThat(AccessPolicy.required("GET", "/api/v1/experiments")).isEqualTo(new AccessPolicy.TeamRole(Role.VIEWER));
        assertThat(AccessPolicy.required("POST", "/api/v1/experiments")).isEqualTo(new AccessPolicy.TeamRole(Role.MEMBER));
        assertThat(AccessPolicy.required("DELETE", "/api/v1/runs/4")).isEqualTo(new AccessPolicy.TeamRole(Role.MEMBER));
    }

    @Test
    void administeringTheTeamNeedsAnAdmin() {
        assertThat(AccessPolicy.required("POST", "/api/v1/runner-tokens")).isEqualTo(new AccessPolicy.TeamRole(Role.ADMIN));
        assertThat(AccessPolicy.required("GET", "/api/v1/audit")).isEqualTo(new AccessPolicy.TeamRole(Role.ADMIN));
        assertThat(AccessPolicy.required("POST", "/api/v1/teams/1/members")).isEqualTo(new AccessPolicy.TeamRole(Role.ADMIN));
        assertThat(AccessPolicy.required("DELETE", "/api/v1/teams/1/members/2")).isEqualTo(new AccessPolicy.TeamRole(Role.ADMIN));
        assertThat(AccessPolicy.required("GET", "/api/v1/teams/1/members")).isEqualTo(new AccessPolicy.TeamRole(Role.VIEWER));
    }

    @Test
    void onlySigningInIsOpenAndOnlyTheRunnerProtocolTakesRunnerTokens() {
        assertThat(AccessPolicy.required("POST", "/api/v1/session")).isEqualTo(new AccessPolicy.Open());
        assertThat(AccessPolicy.required("GET", "/api/v1/session")).isEqualTo(new AccessPolicy.TeamRole(Role.VIEWER));
        assertThat(AccessPolicy.required("POST", "/api/v1/runner/claim")).isEqualTo(new AccessPolicy.RunnerToken());
        assertThat(AccessPolicy.required("POST", "/api/v1/runner-tokens")).isNotEqualTo(new AccessPolicy.RunnerToken());
    }

    @Test
    void oddPathsAreNeverLetThrough() {
        assertThat(AccessPolicy.required("GET", "/API/v1/experiments")).isEqualTo(new AccessPolicy.TeamRole(Role.VIEWER));
        assertThat(AccessPolicy.required("POST", "/api/v1;x=1/experiments")).isEqualTo(new AccessPolicy.TeamRole(Role.MEMBER));
        assertThat(AccessPolicy.required("POST", "/api/v1/session;x=1")).isEqualTo(new AccessPolicy.Open());
        assertThat(AccessPolicy.required("POST", "/api/v1;x=1/runner-tokens")).isEqualTo(new AccessPolicy.TeamRole(Role.ADMIN));
        assertThat(AccessPolicy.required("GET", "/anything/else")).isEqualTo(new AccessPolicy.TeamRole(Role.VIEWER));
    }
}
