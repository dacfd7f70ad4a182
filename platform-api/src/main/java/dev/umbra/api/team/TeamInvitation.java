package dev.umbra.api.team;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A pending invitation of an existing user to a team; it becomes a membership when they accept. */
@Entity
@Table(name = "team_invitation")
public class TeamInvitation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id", nullable = false)
    public Long teamId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(nullable = false)
    public String role;

    @Column(name = "invited_by")
    public Long invitedBy;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public Role role() {
        return Role.of(role).orElseThrow();
    }

    public static Optional<TeamInvitation> of(long teamId, long userId) {
        return TeamInvitation.<TeamInvitation>find("teamId = ?1 and userId = ?2", teamId, userId).firstResultOptional();
    }
}
