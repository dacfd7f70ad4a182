package dev.umbra.api.team;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The team a request acts for. Until users and tokens exist every request acts for the team
 * {@code default}, which migration V1 creates; every query is already scoped by team, so access
 * control only has to change this bean.
 */
@ApplicationScoped
public class CurrentTeam {

    private volatile Long defaultTeamId;

    public long id() {
        Long id = defaultTeamId;
        if (id == null) {
            Team team = Team.find("name", "default").firstResult();
            if (team == null) {
                throw new IllegalStateException("team 'default' is missing: migration V1 seeds it");
            }
            id = team.id;
            defaultTeamId = id;
        }
        return id;
    }
}
