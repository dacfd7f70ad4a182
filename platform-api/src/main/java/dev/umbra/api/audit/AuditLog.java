package dev.umbra.api.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The audit log: one row per state-changing request a team's users made. */
@ApplicationScoped
@Transactional
public class AuditLog {

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public void record(long teamId, long userId, long tokenId, String actor, String method, String path, int status) {
        AuditEvent event = new AuditEvent();
        event.teamId = teamId;
        event.userId = userId;
        event.tokenId = tokenId;
        event.actor = actor;
        event.method = method;
        event.path = path;
        event.status = status;
        event.at = Instant.now(clock);
        event.persist();
    }

    /** A team's events below {@code beforeId}, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditEvent> page(long teamId, long beforeId, int limit) {
        return AuditEvent.<AuditEvent>find("teamId = ?1 and id < ?2 order by id desc", teamId, beforeId).page(0, limit).list();
    }
}
