package dev.umbra.api.team;

import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Texts;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.MemberRequest;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Teams, their members and invitations. Callers pass only the team the request acts for
 * ({@link CurrentTeam}). A user who exists already joins another team only by accepting an
 * invitation (or when a platform administrator adds them), so no team admin can pull another
 * team's user in; and no answer tells a team whether a name is used by another team.
 */
@ApplicationScoped
@Transactional
public class TeamService {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int MIN_PASSWORD = 12;

    private final Event<TeamCreated> created;
    private final Event<AccessChanged> accessChanged;

    public TeamService(Event<TeamCreated> created, Event<AccessChanged> accessChanged) {
        this.created = created;
        this.accessChanged = accessChanged;
    }

    /** A team a user belongs to, with their role. */
    public record Membership(Team team, Role role) {
    }

    /** A member of a team. */
    public record Member(AppUser user, Role role) {
    }

    /** A pending invitation with what its answer shows: the team, the invited user and who invited them. */
    public record Invitation(TeamInvitation invitation, Team team, AppUser user, Optional<AppUser> invitedBy) {
    }

    /** What adding a username to a team did: the user joined (or changed role), or was invited. */
    public record Added(Optional<Member> member, Optional<Invitation> invitation) {
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
        // Names are unique only among the creator's own teams: anything wider would tell them other teams' names.
        if (teamsOf(creatorId).stream().anyMatch(m -> m.team().name.equals(name))) {
            throw ApiException.conflict("team-exists", "you already belong to a team named '" + name + "'");
        }
        Team team = new Team();
        team.name = name;
        team.persist();
        join(team.id, creatorId, Role.ADMIN);
        created.fire(new TeamCreated(team.id));
        return team;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Member> members(long teamId) {
        return TeamMember.<TeamMember>list("teamId = ?1 order by userId", teamId).stream()
                .map(m -> new Member(AppUser.findById(m.userId), m.role())).toList();
    }

    /**
     * Adds a username to the team with a role. A member changes role; an unknown username creates
     * the user (whose sessions act for this team), with the password if one is given; an existing
     * user of other teams is invited (the password is not applied: it is theirs), or, when a
     * platform administrator asks, joins at once. Refuses to leave the team without an admin.
     */
    public Added put(long teamId, MemberRequest request, long actorId, boolean platformAdmin) {
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
        if (existing.isEmpty()) {
            AppUser user = new AppUser();
            user.username = request.username();
            user.teamId = teamId;
            user.passwordHash = request.password() == null ? null : Passwords.hash(request.password());
            user.persist();
            join(teamId, user.id, role.get());
            return joined(user, role.get());
        }
        AppUser user = existing.get();
        Optional<TeamMember> membership = TeamMember.of(teamId, user.id);
        if (membership.isPresent()) {
            if (request.password() != null) {
                throw ApiException.invalid("password", "can be set only when the user is created");
            }
            if (membership.get().role() == Role.ADMIN && role.get() != Role.ADMIN) {
                requireAnotherAdmin(teamId, user.id);
            }
            membership.get().role = role.get().id();
            accessChanged.fire(new AccessChanged("role changed"));
            return joined(user, role.get());
        }
        if (platformAdmin) {
            join(teamId, user.id, role.get());
            TeamInvitation.of(teamId, user.id).ifPresent(TeamInvitation::delete);
            return joined(user, role.get());
        }
        TeamInvitation invitation = TeamInvitation.of(teamId, user.id).orElseGet(() -> {
            TeamInvitation created = new TeamInvitation();
            created.teamId = teamId;
            created.userId = user.id;
            return created;
        });
        invitation.role = role.get().id();
        invitation.invitedBy = actorId;
        invitation.persist();
        Panache.getEntityManager().flush();
        Panache.getEntityManager().refresh(invitation); // created_at is the database's
        return new Added(Optional.empty(), Optional.of(describe(invitation)));
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
        accessChanged.fire(new AccessChanged("member removed"));
        return true;
    }

    /** The team's pending invitations, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Invitation> invitations(long teamId) {
        return TeamInvitation.<TeamInvitation>list("teamId = ?1 order by id", teamId).stream().map(TeamService::describe).toList();
    }

    /** Withdraws one of the team's invitations; false when the team has no such invitation. */
    public boolean withdraw(long teamId, long invitationId) {
        return TeamInvitation.delete("id = ?1 and teamId = ?2", invitationId, teamId) > 0;
    }

    /** The invitations waiting for a user's answer, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Invitation> invitationsOf(long userId) {
        return TeamInvitation.<TeamInvitation>list("userId = ?1 order by id", userId).stream().map(TeamService::describe).toList();
    }

    /** The user joins the team with the invited role; empty when they have no such invitation. */
    public Optional<Membership> accept(long userId, long invitationId) {
        Optional<TeamInvitation> found = TeamInvitation.<TeamInvitation>find("id = ?1 and userId = ?2", invitationId, userId)
                .firstResultOptional();
        found.ifPresent(invitation -> {
            if (TeamMember.of(invitation.teamId, userId).isEmpty()) {
                join(invitation.teamId, userId, invitation.role());
            }
            invitation.delete();
        });
        return found.map(invitation -> new Membership(Team.findById(invitation.teamId),
                TeamMember.of(invitation.teamId, userId).orElseThrow().role()));
    }

    /** The user declines; false when they have no such invitation. */
    public boolean decline(long userId, long invitationId) {
        return TeamInvitation.delete("id = ?1 and userId = ?2", invitationId, userId) > 0;
    }

    private static Added joined(AppUser user, Role role) {
        return new Added(Optional.of(new Member(user, role)), Optional.empty());
    }

    private static Invitation describe(TeamInvitation invitation) {
        return new Invitation(invitation, Team.findById(invitation.teamId), AppUser.findById(invitation.userId),
                Optional.ofNullable(invitation.invitedBy).map(id -> AppUser.<AppUser>findById(id)));
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
