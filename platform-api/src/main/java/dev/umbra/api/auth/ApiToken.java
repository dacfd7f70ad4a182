package dev.umbra.api.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {

    public static final String RUNNER = "runner";
    public static final String USER = "user";
    /** A portal sign-in: the secret travels in an HttpOnly cookie. */
    public static final String SESSION = "session";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String name;

    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "team_id")
    public Long teamId;

    @Column(name = "user_id")
    public Long userId;

    /** read, write or admin for user tokens; null for sessions (the user's role) and runner tokens. */
    @Column
    public String scope;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isValidAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
