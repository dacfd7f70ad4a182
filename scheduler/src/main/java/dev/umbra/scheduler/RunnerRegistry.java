package dev.umbra.scheduler;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/** Runner nodes: registration (idempotent by name) and which token a runner belongs to. */
public final class RunnerRegistry {

    private final DataSource dataSource;
    private final Clock clock;

    public RunnerRegistry(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Registers a runner, or refreshes the registration of one with the same name and token (an
     * agent that restarts keeps its id). Names are unique per token: another token's runner of the
     * same name is another runner, so one token can neither take over nor learn of another's runners.
     */
    public long register(String name, String version, String hostname, RunnerCapabilities capabilities,
                                   long tokenId) {
        String sql = """
                INSERT INTO runner (name, version, hostname, gpus, gpu_memory_gb, labels, token_id, registered_at, last_heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (token_id, name) DO UPDATE SET version = EXCLUDED.version, hostname = EXCLUDED.hostname,
                    gpus = EXCLUDED.gpus, gpu_memory_gb = EXCLUDED.gpu_memory_gb, labels = EXCLUDED.labels,
                    last_heartbeat_at = EXCLUDED.last_heartbeat_at
                RETURNING id
                """;
        return Jdbc.inTransaction(dataSource, "register runner " + name, c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, name);
                ps.setString(2, version);
                ps.setString(3, hostname);
                ps.setInt(4, capabilities.gpus());
                ps.setInt(5, capabilities.gpuMemoryGb());
                ps.setArray(6, c.createArrayOf("text", capabilities.labels().toArray()));
                ps.setLong(7, tokenId);
                ps.setTimestamp(8, now);
                ps.setTimestamp(9, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** A registered runner's capabilities, if the runner exists and belongs to the token. */
    public Optional<RunnerCapabilities> capabilities(long runnerId, long tokenId) {
        return Jdbc.singleStatement(dataSource, "read runner " + runnerId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT gpus, gpu_memory_gb, labels FROM runner WHERE id = ? AND token_id = ?")) {
                ps.setLong(1, runnerId);
                ps.setLong(2, tokenId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String[] labels = (String[]) rs.getArray(3).getArray();
                    return Optional.of(new RunnerCapabilities(rs.getInt(1), rs.getInt(2), java.util.List.of(labels)));
                }
            }
        });
    }
}
