package dev.umbra.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.dataset.Dataset;
import dev.umbra.client.dto.RunStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A run. The queue columns (status, attempt, runner, lease, heartbeat, cancel flag, start and end
 * times) are written only by the scheduler's {@code RunQueue}; here they are read-only.
 */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "experiment_id", nullable = false)
    public long experimentId;

    @Column(name = "team_id", nullable = false)
    public long teamId;

    @ManyToOne(optional = false) // eager: every view of a run names its dataset
    @JoinColumn(name = "dataset_id", nullable = false)
    public Dataset dataset;

    /** As submitted; json, not jsonb (V18), and never changed once written (RunRows inserts it). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "json")
    public JsonNode spec;

    /**
     * Canonical, every default filled in. Stored once per configuration, around the seed, in
     * {@code resolved_spec} (V19): read through the function that puts the run's seed in.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Formula("run_resolved_spec(resolved_spec_id, seed)")
    public JsonNode resolvedSpec;

    /** The {@code resolved_spec} row the run's resolved spec is kept in; shared by the seeds of its configuration. */
    @Column(name = "resolved_spec_id", insertable = false, updatable = false)
    public Long resolvedSpecId;

    @Column(nullable = false)
    public String name = "";

    @Column(nullable = false)
    public String notes = "";

    @Column(nullable = false)
    public String method;

    @Column(nullable = false)
    public String backbone;

    @Column(nullable = false)
    public long seed;

    @Column(name = "config_hash", nullable = false)
    public String configHash;

    @Column(name = "run_hash", nullable = false)
    public String runHash;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(nullable = false)
    public int priority;

    @Column(name = "max_attempts", nullable = false)
    public int maxAttempts = 3;

    @Column(name = "requested_gpus", nullable = false)
    public int requestedGpus;

    @Column(name = "requested_gpu_memory_gb", nullable = false)
    public int requestedGpuMemoryGb;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "requested_labels", nullable = false, columnDefinition = "text[]")
    public String[] requestedLabels = new String[0];

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    // --- queue columns: read-only here ------------------------------------------------------
    // Those with a database default are @Generated: the insert reads them back (INSERT ... RETURNING).

    @Enumerated(EnumType.STRING)
    @Generated
    @Column(nullable = false, insertable = false, updatable = false)
    public RunStatus status;

    @Generated
    @Column(nullable = false, insertable = false, updatable = false)
    public int attempt;

    @Column(name = "runner_id", insertable = false, updatable = false)
    public Long runnerId;

    @Column(name = "lease_expires_at", insertable = false, updatable = false)
    public Instant leaseExpiresAt;

    @Column(name = "last_heartbeat_at", insertable = false, updatable = false)
    public Instant lastHeartbeatAt;

    @Generated
    @Column(name = "cancel_requested", nullable = false, insertable = false, updatable = false)
    public boolean cancelRequested;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(insertable = false, updatable = false)
    public JsonNode progress;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(insertable = false, updatable = false)
    public JsonNode environment;

    @Generated
    @Column(name = "log_tail", nullable = false, insertable = false, updatable = false)
    public String logTail;

    @Column(insertable = false, updatable = false)
    public String error;

    @Column(name = "started_at", insertable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "finished_at", insertable = false, updatable = false)
    public Instant finishedAt;
}
