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

@Entity
@Table(name = "team_member")
public class TeamMember extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id", nullable = false)
    public Long teamId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(nullable = false)
    public String role;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public Role role() {
        return Role.of(role).orElseThrow();
    }

    public static Optional<TeamMember> of(long teamId, long userId) {
        return TeamMember.<TeamMember>find("teamId = ?1 and userId = ?2", teamId, userId).firstResultOptional();
    }
}
