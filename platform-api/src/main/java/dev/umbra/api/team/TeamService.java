package dev.umbra.api.team;

import dev.umbra.api.auth.Passwords;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Texts;
import dev.umbra.api.dataset.BundledSampleRegistration;
import dev.umbra.api.dataset.Dataset;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.MemberRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Teams and their members. Callers pass only the team the request acts for ({@link CurrentTeam}). */
@ApplicationScoped
@Transactional
public class TeamService {

    private final CurrentTeam current;

    public TeamService(CurrentTeam current) {
        this.current = current;
    }

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int MIN_PASSWORD = 12;

    /** A team a user belongs to, with their role. */
    public record Membership(Team team, Role role) {
    }

    /** A member of a team. */
    public record Member(AppUser user, Role role) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Membership> teamsOf(long userId) {
        return TeamMember.<TeamMember>list("userId = ?1 order by teamId", userId).stream()
                .map(m -> new Membership(Team.findById(m.teamId), m.role())).toList();
    }

    /** A new team with its creator as its admin. */
    public Team create(String name, long creatorId) {
        List<FieldError> errors = new ArrayList<>();
        Texts.name("name", name, 100, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (Team.count("name", name) > 0) {
            throw ApiException.conflict("team-exists", "a team named '" + name + "' exists");
        }
        Team team = new Team();
        team.name = name;
        team.persist();
        join(team.id, creatorId, Role.ADMIN);
        shareBundledSample(team.id);
        return team;
    }

    /** Every team can run on the bundled sample at once, as the default team can. */
    private void shareBundledSample(long teamId) {
        Dataset.<Dataset>find("teamId = ?1 and location = ?2", current.defaultId(), BundledSampleRegistration.LOCATION)
                .firstResultOptional().ifPresent(sample -> {
                    Dataset copy = new Dataset();
                    copy.teamId = teamId;
                    copy.name = sample.name;
                    copy.format = sample.format;
                    copy.numClasses = sample.numClasses;
                    copy.classNames = sample.classNames;
                    copy.channels = sample.channels;
                    copy.height = sample.height;
                    copy.width = sample.width;
                    copy.trainCount = sample.trainCount;
                    copy.testCount = sample.testCount;
                    copy.checksum = sample.checksum;
                    copy.location = sample.location;
                    copy.createdAt = sample.createdAt;
                    copy.persist();
                });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Member> members(long teamId) {
        return TeamMember.<TeamMember>list("teamId = ?1 order by userId", teamId).stream()
                .map(m -> new Member(AppUser.findById(m.userId), m.role())).toList();
    }

    /**
     * Adds a user to the team or changes their role; an unknown username creates the user (whose
     * sessions act for this team), with the password if one is given. Refuses to leave the team
     * without an admin, and to set the password of an existing user.
     */
    public Member put(long teamId, MemberRequest request) {
        if (request == null) {
            throw ApiException.invalid("(body)", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            errors.add(new FieldError("username", "must match " + USERNAME.pattern()));
        }
        Optional<Role> role = Optional.ofNullable(request.role()).flatMap(Role::of);
        if (role.isEmpty()) {
            errors.add(new FieldError("role", "must be one of " + Role.ids()));
        }
        if (request.password() != null && (request.password().length() < MIN_PASSWORD || request.password().length() > 200)) {
            errors.add(new FieldError("password", "must be " + MIN_PASSWORD + " to 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Optional<AppUser> existing = AppUser.byUsername(request.username());
        if (existing.isPresent() && request.password() != null) {
            // An admin of one team must not take over an account that other teams know too.
            throw ApiException.invalid("password", "can be set only when the user is created");
        }
        AppUser user = existing.orElseGet(() -> {
            AppUser created = new AppUser();
            created.username = request.username();
            created.teamId = teamId;
            created.passwordHash = request.password() == null ? null : Passwords.hash(request.password());
            created.persist();
            return created;
        });
        Optional<TeamMember> membership = TeamMember.of(teamId, user.id);
        if (membership.isPresent()) {
            if (membership.get().role() == Role.ADMIN && role.get() != Role.ADMIN) {
                requireAnotherAdmin(teamId, user.id);
            }
            membership.get().role = role.get().id();
        } else {
            join(teamId, user.id, role.get());
        }
        return new Member(user, role.get());
    }

    /** Removes a member; false when the user is not in the team. */
    public boolean remove(long teamId, long userId) {
        Optional<TeamMember> membership = TeamMember.of(teamId, userId);
        if (membership.isEmpty()) {
            return false;
        }
        if (membership.get().role() == Role.ADMIN) {
            requireAnotherAdmin(teamId, userId);
        }
        membership.get().delete();
        return true;
    }

    private static void requireAnotherAdmin(long teamId, long userId) {
        if (TeamMember.count("teamId = ?1 and role = ?2 and userId <> ?3", teamId, Role.ADMIN.id(), userId) == 0) {
            throw ApiException.conflict("last-admin", "a team keeps at least one admin");
        }
    }

    private static void join(long teamId, long userId, Role role) {
        TeamMember membership = new TeamMember();
        membership.teamId = teamId;
        membership.userId = userId;
        membership.role = role.id();
        membership.persist();
    }
}
