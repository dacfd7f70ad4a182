package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V19 on a database that already holds runs: each run's resolved spec moves to {@code resolved_spec}
 * and reads back as the same text, and {@code epochs} keeps its value.
 */
class RunSpecsMigrationTest {

    @Test
    void runsWrittenBeforeV19ReadTheirResolvedSpecsAndEpochsUnchanged() throws Exception {
        DataSource database = TestDatabase.newDatabase("before_v19");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target("18").load().migrate();
        // As the platform wrote it (the canonical text ends with the seed), a negative seed, and a text
        // that does not end with its seed (written by hand), which is kept whole.
        String[] texts = {"{\"epochs\":3,\"optimizer\":{\"lr\":0.1},\"seed\":7}", "{\"epochs\":4,\"seed\":-12}",
                "{\"seed\":5, \"epochs\": 6}"};
        long[] seeds = {7, -12, 5};
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO experiment (team_id, name) SELECT id, 'e' FROM team WHERE name = 'default'");
            s.execute("INSERT INTO dataset (team_id, name, format, num_classes, channels, height, width, checksum, location)"
                    + " SELECT id, 'd', 'idx', 10, 1, 28, 28, '" + "a".repeat(64) + "', 'x' FROM team WHERE name = 'default'");
            for (int i = 0; i < texts.length; i++) {
                s.execute("INSERT INTO run (experiment_id, team_id, dataset_id, spec, resolved_spec, method, backbone, seed,"
                        + " config_hash, run_hash) SELECT e.id, e.team_id, d.id, '{}', '" + texts[i] + "', 'simclr', 'convnet-s', "
                        + seeds[i] + ", '" + "c".repeat(64) + "', '" + "b".repeat(64) + "' FROM experiment e, dataset d");
            }
        }

        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();

        List<String> read = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT run_resolved_spec(resolved_spec_id, seed)::text, epochs FROM run ORDER BY id")) {
            while (rs.next()) {
                read.add(rs.getString(1));
                epochs.add(rs.getInt(2));
            }
        }
        assertThat(read).containsExactly(texts);
        assertThat(epochs).containsExactly(3, 4, 6);
    }
}
