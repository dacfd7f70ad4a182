package dev.umbra.api.runnerapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.umbra.client.dto.ArtifactDto;
import dev.umbra.client.dto.DatasetDto;
import dev.umbra.client.runner.RunAssignment;
import dev.umbra.scheduler.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a runner gets with a lease, read on the claim's connection and transaction in one query for
 * all the leases of one claim statement: the run's hash and resolved spec, its dataset and its
 * newest checkpoint. Plain JDBC rather than the entities because a claim is the queue's hot path
 * (loading the run entity and querying its checkpoint through Hibernate was most of the platform's
 * CPU per claim); the DTOs are the same as {@code DatasetResource.toDto} and
 * {@code ArtifactResource.toDto} build, which a test checks.
 */
public final class Assignments {

    /** Hibernate's own Jackson reads these columns for the entities (the format mapper is not Quarkus's). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SQL = """
            SELECT r.run_hash, run_resolved_spec(r.resolved_spec_id, r.seed)::text,
                   d.id, d.name, d.format, d.num_classes, d.class_names::text, d.channels, d.height, d.width,
                   d.train_count, d.test_count, d.checksum, d.location, d.hflip_preserves_labels, d.created_at,
                   a.id, a.kind, a.name, a.blob_sha256, a.size_bytes, a.metadata::text, a.created_at, r.id
            FROM run r JOIN dataset d ON d.id = r.dataset_id
            LEFT JOIN LATERAL (
                SELECT * FROM artifact WHERE run_id = r.id AND kind = 'checkpoint' ORDER BY name DESC LIMIT 1
            ) a ON true
            WHERE r.id = ANY(?)
            """;

    private Assignments() {
    }

    /** The assignments of leases just taken, in their order, read on the claim's connection before it commits. */
    public static List<RunAssignment> of(Connection c, List<Lease> leases) throws SQLException {
        Map<Long, RunAssignment> byRun = new HashMap<>();
        Map<Long, Lease> leaseOf = new HashMap<>();
        leases.forEach(lease -> leaseOf.put(lease.runId(), lease));
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setArray(1, c.createArrayOf("bigint", leaseOf.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Lease lease = leaseOf.get(rs.getLong(24));
                    List<String> classNames = new ArrayList<>();
                    json(rs.getString(7)).forEach(name -> classNames.add(name.asText()));
                    DatasetDto dataset = new DatasetDto(rs.getLong(3), rs.getString(4), rs.getString(5), rs.getInt(6), classNames,
                            rs.getInt(8), rs.getInt(9), rs.getInt(10), (Integer) rs.getObject(11), (Integer) rs.getObject(12),
                            rs.getString(13), rs.getString(14), rs.getBoolean(15), rs.getTimestamp(16).toInstant());
                    ArtifactDto resumeFrom = rs.getObject(17) == null ? null
                            : new ArtifactDto(rs.getLong(17), lease.runId(), rs.getString(18), rs.getString(19), rs.getString(20),
                                    rs.getLong(21), raw(rs.getString(22)), rs.getTimestamp(23).toInstant());
                    byRun.put(lease.runId(), new RunAssignment(lease.runId(), lease.attempt(), lease.expiresAt(), rs.getString(1),
                            raw(rs.getString(2)), dataset, resumeFrom));
                }
            }
        }
        List<RunAssignment> assignments = new ArrayList<>();
        for (Lease lease : leases) {
            RunAssignment assignment = byRun.get(lease.runId());
            if (assignment == null) {
                throw new IllegalStateException("leased run " + lease.runId() + " has no row");
            }
            assignments.add(assignment);
        }
        return assignments;
    }

    /**
     * A stored JSON document passed through to the answer as PostgreSQL wrote it, rather than parsed
     * into a tree only to be written out again (no measurable CPU difference per claim: the simpler path).
     */
    private static JsonNode raw(String text) {
        return text == null ? null : JsonNodeFactory.instance.rawValueNode(new RawValue(text));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column", e);
        }
    }
}
