package dev.umbra.scheduler;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** One embedded PostgreSQL per test JVM with the project's migrations applied, plus row helpers. */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;

    private TestDatabase() {
    }

    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "pg-");
                postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is exiting; the data directory is throwaway
                    }
                }));
                dataSource = postgres.getPostgresDatabase();
                Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataSource;
    }

    /** A new, empty database on the same server, for a test that migrates a schema of its own. */
    public static DataSource newDatabase(String name) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.getDatabase("postgres", name);
    }

    /** Empties the tables the queue touches (the seeded team stays). */
    public static void clear() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE run, runner, experiment, dataset, api_token RESTART IDENTITY CASCADE");
            s.execute("DELETE FROM team WHERE name <> 'default'");
        }
    }

    public static long team(String name) throws SQLException {
        return insert("INSERT INTO team (name) VALUES ('" + name + "') RETURNING id");
    }

    public static long defaultTeam() throws SQLException {
        return insert("SELECT id FROM team WHERE name = 'default'");
    }

    public static long experiment(long team) throws SQLException {
        return insert("INSERT INTO experiment (team_id, name) VALUES (" + team + ", 'e') RETURNING id");
    }

    public static long dataset(long team) throws SQLException {
        return insert("INSERT INTO dataset (team_id, name, format, num_classes, channels, height, width, checksum, location) "
                + "VALUES (" + team + ", 'd" + System.nanoTime() + "', 'idx', 10, 1, 28, 28, '" + "a".repeat(64) + "', 'x') RETURNING id");
    }

    /** A platform runner token: its runners claim any team's runs. */
    public static long token() throws SQLException {
        return insert("INSERT INTO api_token (kind, name, token_hash) VALUES ('runner', 't', '"
                + String.format("%064x", System.nanoTime()) + "') RETURNING id");
    }

    /** A team runner token: its runners claim only that team's runs. */
    public static long teamToken(long team) throws SQLException {
        return insert("INSERT INTO api_token (kind, name, token_hash, team_id) VALUES ('runner', 't', '"
                + String.format("%064x", System.nanoTime()) + "', " + team + ") RETURNING id");
    }

    /** A queued run of a team, with a priority and a resource request, created at {@code createdAt}. */
    public static long run(long team, long experiment, long dataset, int priority, int gpus, String[] labels, Instant createdAt)
            throws SQLException {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH spec_text AS (INSERT INTO resolved_spec (experiment_id, head, tail) VALUES (?, '{"seed":', '}') RETURNING id)
                INSERT INTO run (experiment_id, team_id, dataset_id, spec, resolved_spec_id, method, backbone, seed,
                                 config_hash, run_hash, priority, requested_gpus, requested_labels, created_at, epochs)
                SELECT ?, ?, ?, '{}', spec_text.id, 'simclr', 'convnet-s', 0, ?, ?, ?, ?, ?, ?, 1 FROM spec_text RETURNING id
                """)) {
            ps.setLong(1, experiment);
            ps.setLong(2, experiment);
            ps.setLong(3, team);
            ps.setLong(4, dataset);
            ps.setString(5, "b".repeat(64));
            ps.setString(6, "c".repeat(64));
            ps.setInt(7, priority);
            ps.setInt(8, gpus);
            ps.setArray(9, c.createArrayOf("text", labels));
            ps.setTimestamp(10, Timestamp.from(createdAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static String status(long run) throws SQLException {
        return string("SELECT status FROM run WHERE id = " + run);
    }

    public static String string(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long insert(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
