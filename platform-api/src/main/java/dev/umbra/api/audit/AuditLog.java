package dev.umbra.api.audit;

import dev.umbra.api.auth.Access;
import dev.umbra.api.team.CurrentTeam;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The audit log: one row per state-changing request a team's users made. */
@ApplicationScoped
@Transactional
public class AuditLog {

    private final Clock clock;
    private final CurrentIdentityAssociation identities;
    private final AuditedRequest audited;
    private final AgroalDataSource dataSource;

    public AuditLog(Clock clock, CurrentIdentityAssociation identities, AuditedRequest audited, AgroalDataSource dataSource) {
        this.clock = clock;
        this.identities = identities;
        this.audited = audited;
        this.dataSource = dataSource;
    }

    public void record(long teamId, long userId, long tokenId, String actor, String method, String path, int status) {
        // Plain JDBC on the transaction's connection: Hibernate's persist (of this row and the run's) was a
        // third of the submission path's profile.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_event (team_id, user_id, token_id, actor, method, path, status, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, teamId);
            ps.setLong(2, userId);
            ps.setLong(3, tokenId);
            ps.setString(4, actor);
            ps.setString(5, method);
            ps.setString(6, path);
            ps.setInt(7, status);
            ps.setTimestamp(8, Timestamp.from(Instant.now(clock)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing the audit row failed", e);
        }
    }

    /**
     * Writes the current request's row, if {@link AuditFilter} would, inside the caller's transaction:
     * the row commits with the work it records, in one commit instead of two (the hot writes: metric
     * ingestion, run submission). {@link AuditFilter} then writes no second row. {@code status} is the
     * answer the resource method gives.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordWithTheWork(String method, String path, int status) {
        SecurityIdentity identity = identities.getIdentity();
        Long team = identity.getAttribute(CurrentTeam.TEAM_ID);
        if (!AuditFilter.audits(method, path, status) || team == null) {
            return;
        }
        record(team, identity.getAttribute(CurrentTeam.USER_ID), identity.getAttribute(Access.TOKEN_ID),
                identity.getAttribute(Access.USERNAME), method, path, status);
        audited.recorded();
    }

    /** A team's events below {@code beforeId}, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> page(long teamId, long beforeId, int limit) {
        return AuditEvent.<AuditEvent>find("teamId = ?1 and id < ?2 order by id desc", teamId, beforeId).page(0, limit).list();
    }
}
