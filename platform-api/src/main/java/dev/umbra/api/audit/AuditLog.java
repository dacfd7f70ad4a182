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
import java.util.Optional;

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

    /** One audit row: who (team, user, token, name) made which request, and its answer's status. */
    public record Entry(long teamId, long userId, long tokenId, String actor, String method, String path, int status) {
    }

    public void record(long teamId, long userId, long tokenId, String actor, String method, String path, int status) {
        record(List.of(new Entry(teamId, userId, tokenId, actor, method, path, status)));
    }

    /** Writes the rows in one round trip, on the caller's transaction. */
    public void record(List<Entry> entries) {
        // Plain JDBC on the transaction's connection: Hibernate's persist (of this row and the run's) was a
        // third of the submission path's profile.
        Timestamp at = Timestamp.from(Instant.now(clock));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_event (team_id, user_id, token_id, actor, method, path, status, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                ps.setLong(1, e.teamId());
                ps.setLong(2, e.userId());
                ps.setLong(3, e.tokenId());
                ps.setString(4, e.actor());
                ps.setString(5, e.method());
                ps.setString(6, e.path());
                ps.setInt(7, e.status());
                ps.setTimestamp(8, at);
                ps.addBatch();
            }
            ps.executeBatch();
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
        entryWithTheWork(method, path, status).ifPresent(entry -> record(List.of(entry)));
    }

    /**
     * The current request's row, if {@link AuditFilter} would write one, for the caller to write with
     * its work in the same transaction (which need not run on this thread: submissions that arrive
     * together commit in one). {@link AuditFilter} then writes no second row; if the work fails, the
     * request answers an error, which is not audited anyway.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Entry> entryWithTheWork(String method, String path, int status) {
        SecurityIdentity identity = identities.getIdentity();
        Long team = identity.getAttribute(CurrentTeam.TEAM_ID);
        if (!AuditFilter.audits(method, path, status) || team == null) {
            return Optional.empty();
        }
        audited.recorded();
        return Optional.of(new Entry(team, identity.getAttribute(CurrentTeam.USER_ID), identity.getAttribute(Access.TOKEN_ID),
                identity.getAttribute(Access.USERNAME), method, path, status));
    }

    /** A team's events below {@code beforeId}, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> page(long teamId, long beforeId, int limit) {
        return AuditEvent.<AuditEvent>find("teamId = ?1 and id < ?2 order by id desc", teamId, beforeId).page(0, limit).list();
    }
}
