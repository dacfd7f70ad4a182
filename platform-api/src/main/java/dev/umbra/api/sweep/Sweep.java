package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A sweep: its document as submitted; its runs are rows of {@code sweep_run} (see {@link SweepRuns}). */
@Entity
@Table(name = "sweep")
public class Sweep extends PanacheEntityBase {

    public static final String KIND_SWEEP = "sweep";
    public static final String KIND_SUITE = "benchmark-suite";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "experiment_id", nullable = false)
    public long experimentId;

    @Column(name = "team_id", nullable = false)
    public long teamId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String kind;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode spec;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
