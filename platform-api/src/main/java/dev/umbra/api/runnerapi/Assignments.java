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
import java.util.List;

/**
 * What a runner gets with a lease, read in one query on the claim's connection and transaction: the
 * run's hash and resolved spec, its dataset and its newest checkpoint. Plain JDBC rather than the
 * entities because a claim is the queue's hot path (loading the run entity and querying its
 * checkpoint through Hibernate was most of the platform's CPU per claim); the DTOs are the same as
 * {@code DatasetResource.toDto} and {@code ArtifactResource.toDto} build, which a test checks.
 */
public final class Assignments {

    /** Hibernate's own Jackson reads these columns for the entities (the format mapper is not Quarkus's). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SQL = """
            SELECT r.run_hash, r.resolved_spec::text,
                   d.id, d.name, d.format, d.num_classes, d.class_names::text, d.channels, d.height, d.width,
                   d.train_count, d.test_count, d.checksum, d.location, d.hflip_preserves_labels, d.created_at,
                   a.id, a.kind, a.name, a.blob_sha256, a.size_bytes, a.metadata::text, a.created_at
            FROM run r JOIN dataset d ON d.id = r.dataset_id
            LEFT JOIN LATERAL (
                SELECT * FROM artifact WHERE run_id = r.id AND kind = 'checkpoint' ORDER BY name DESC LIMIT 1
            ) a ON true
            WHERE r.id = ?
            """;

    private Assignments() {
    }

    /** The assignment of a lease just taken, read on the claim's connection before it commits. */
    public static RunAssignment of(Connection c, Lease lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, lease.runId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("leased run " + lease.runId() + " has no row");
                }
                List<String> classNames = new ArrayList<>();
                json(rs.getString(7)).forEach(name -> classNames.add(name.asText()));
                DatasetDto dataset = new DatasetDto(rs.getLong(3), rs.getString(4), rs.getString(5), rs.getInt(6), classNames,
                        rs.getInt(8), rs.getInt(9), rs.getInt(10), (Integer) rs.getObject(11), (Integer) rs.getObject(12),
                        rs.getString(13), rs.getString(14), rs.getBoolean(15), rs.getTimestamp(16).toInstant());
                ArtifactDto resumeFrom = rs.getObject(17) == null ? null
                        : new ArtifactDto(rs.getLong(17), lease.runId(), rs.getString(18), rs.getString(19), rs.getString(20),
                                rs.getLong(21), raw(rs.getString(22)), rs.getTimestamp(23).toInstant());
                return new RunAssignment(lease.runId(), lease.attempt(), lease.expiresAt(), rs.getString(1),
                        raw(rs.getString(2)), dataset, resumeFrom);
            }
        }
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
