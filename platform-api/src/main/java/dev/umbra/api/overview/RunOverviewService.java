package dev.umbra.api.overview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.RunOverviewDto;
import dev.umbra.client.dto.RunOverviewsDto;
import dev.umbra.client.dto.RunStatus;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Run overviews for the portal's tables: three queries (runs, latest metrics, results) however
 * many runs, so an experiment with thousands of runs is one request. Plain JDBC, because it reads
 * columns of three tables in bulk and maps none of them to entities.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RunOverviewService {

    /** Paths every table shows: what a reader needs to tell two runs apart at a glance. */
    static final List<String> KEY_PATHS = List.of("epochs", "batch_size", "optimizer.name", "optimizer.lr",
            "augmentation.recipe");
    /** Top-level keys that never make a hyperparameter column: shown elsewhere, or change only where and when a run trains. */
    private static final Set<String> NOT_HYPERPARAMETERS = Set.of("dataset", "backbone", "seed", "priority", "resources",
            "checkpoint");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;
    private final CurrentTeam team;

    public RunOverviewService(AgroalDataSource dataSource, CurrentTeam team) {
        this.dataSource = dataSource;
        this.team = team;
    }

    /** The newest {@code limit} runs of an experiment. */
    public RunOverviewsDto forExperiment(long experimentId, int limit) {
        return overviews("r.experiment_id = ?", (c, ps) -> ps.setLong(2, experimentId), limit, false);
    }

    /**
     * The given runs of the current team, newest first; ids of other teams or no run are left out.
     * With {@code withSpecs}, each overview carries its whole resolved spec (for spec diffs).
     */
    public RunOverviewsDto forRuns(Collection<Long> ids, boolean withSpecs) {
        return overviews("r.id = ANY(?)", (c, ps) -> ps.setArray(2, c.createArrayOf("bigint", ids.toArray())), ids.size(),
                withSpecs);
    }

    /** The subset of {@code ids} that are runs of the current team. */
    public Set<Long> existing(Collection<Long> ids) {
        Set<Long> found = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM run WHERE team_id = ? AND id = ANY(?)")) {
            ps.setLong(1, team.id());
            ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up runs " + ids, e);
        }
        return found;
    }

    /** Binds the second parameter of the run query: the one in its condition. */
    private interface ConditionBinder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    private RunOverviewsDto overviews(String condition, ConditionBinder binder, int limit, boolean withSpecs) {
        List<Row> rows = new ArrayList<>();
        boolean truncated;
        try (Connection c = dataSource.getConnection()) {
            // The seeds of one configuration share their hyperparameters (the config hash covers everything but
            // seed, priority and resources, which are no hyperparameters): unless every spec is asked for, each
            // configuration's spec is read and flattened once, from its newest run (the first of its rows here).
            Map<String, Map<String, JsonNode>> hyperparameters = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT r.id, r.experiment_id, r.status, r.method, r.backbone, d.name, r.seed, r.config_hash,
                           r.progress::text,
                           CASE WHEN %s OR row_number() OVER (PARTITION BY r.config_hash ORDER BY r.id DESC) = 1
                                THEN run_resolved_spec(r.resolved_spec_id, r.seed)::text END,
                           r.error, r.created_at, r.started_at, r.finished_at
                    FROM run r JOIN dataset d ON d.id = r.dataset_id
                    WHERE r.team_id = ? AND %s ORDER BY r.id DESC LIMIT ?
                    """.formatted(withSpecs, condition))) {
                ps.setLong(1, team.id());
                binder.bind(c, ps);
                ps.setInt(3, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JsonNode spec = tree(rs.getString(10));
                        String configHash = rs.getString(8);
                        Map<String, JsonNode> flat = spec == null ? hyperparameters.get(configHash)
                                : hyperparameters.computeIfAbsent(configHash, h -> flatten(spec));
                        rows.add(new Row(rs.getLong(1), rs.getLong(2), RunStatus.valueOf(rs.getString(3)), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getLong(7), configHash, tree(rs.getString(9)),
                                flat, withSpecs ? spec : null, rs.getString(11), instant(rs.getTimestamp(12)),
                                instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14))));
                    }
                }
            }
            truncated = rows.size() > limit;
            if (truncated) {
                rows.remove(rows.size() - 1);
            }
            Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
            Map<Long, Map<String, Double>> latest = latest(c, ids);
            Map<Long, List<RunOverviewDto.Result>> results = results(c, ids);
            List<String> paths = hyperparameterPaths(rows);
            List<RunOverviewDto> runs = rows.stream().map(r -> r.toDto(paths, latest.getOrDefault(r.id(), Map.of()),
                    results.getOrDefault(r.id(), List.of()))).toList();
            return new RunOverviewsDto(paths, runs, truncated);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read run overviews", e);
        }
    }

    /**
     * The key paths, then every path on which two runs of one method differ (or that some runs of
     * a method set and others do not). Comparing within a method keeps out the paths whose
     * defaults merely differ between methods (projector widths, learning rates).
     */
    static List<String> hyperparameterPaths(List<Row> rows) {
        Map<String, List<Map<String, JsonNode>>> byMethod = new HashMap<>();
        rows.forEach(r -> byMethod.computeIfAbsent(r.method(), m -> new ArrayList<>()).add(r.spec()));
        Set<String> varying = new TreeSet<>();
        for (List<Map<String, JsonNode>> specs : byMethod.values()) {
            Map<String, Set<JsonNode>> values = new HashMap<>();
            Map<String, Integer> present = new HashMap<>();
            for (Map<String, JsonNode> spec : specs) {
                spec.forEach((path, value) -> {
                    values.computeIfAbsent(path, p -> new HashSet<>()).add(value);
                    present.merge(path, 1, Integer::sum);
                });
            }
            values.forEach((path, distinct) -> {
                if (distinct.size() > 1 || present.get(path) < specs.size()) {
                    varying.add(path);
                }
            });
        }
        Set<String> paths = new LinkedHashSet<>(KEY_PATHS);
        paths.addAll(varying);
        return List.copyOf(paths);
    }

    /** A resolved spec as leaves by dotted path; arrays are leaves, top-level non-hyperparameters are left out. */
    static Map<String, JsonNode> flatten(JsonNode spec) {
        Map<String, JsonNode> leaves = new HashMap<>();
        spec.fields().forEachRemaining(e -> {
            if (!NOT_HYPERPARAMETERS.contains(e.getKey())) {
                flatten(e.getKey(), e.getValue(), leaves);
            }
        });
        return leaves;
    }

    private static void flatten(String path, JsonNode node, Map<String, JsonNode> leaves) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(path + "." + e.getKey(), e.getValue(), leaves));
        } else {
            leaves.put(path, node);
        }
    }

    private static Map<Long, Map<String, Double>> latest(Connection c, Long[] ids) throws SQLException {
        Map<Long, Map<String, Double>> latest = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, key, value FROM metric_latest WHERE run_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    latest.computeIfAbsent(rs.getLong(1), id -> new TreeMap<>()).put(rs.getString(2), rs.getDouble(3));
                }
            }
        }
        return latest;
    }

    private static Map<Long, List<RunOverviewDto.Result>> results(Connection c, Long[] ids) throws SQLException {
        Map<Long, List<RunOverviewDto.Result>> results = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT run_id, protocol, metric, epoch, value FROM final_eval_result
                WHERE run_id = ANY(?) ORDER BY run_id, protocol, metric
                """)) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(new RunOverviewDto.Result(rs.getString(2), rs.getString(3), rs.getInt(4), rs.getDouble(5)));
                }
            }
        }
        return results;
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the database holds invalid JSON", e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** One run as read, its resolved spec already flattened. */
    record Row(long id, long experimentId, RunStatus status, String method, String backbone, String dataset, long seed,
               String configHash, JsonNode progress, Map<String, JsonNode> spec, JsonNode resolvedSpec, String error,
               Instant createdAt, Instant startedAt, Instant finishedAt) {

        RunOverviewDto toDto(List<String> paths, Map<String, Double> latest, List<RunOverviewDto.Result> results) {
            Map<String, JsonNode> shown = new LinkedHashMap<>();
            for (String path : paths) {
                JsonNode value = spec.get(path);
                if (value != null) {
                    shown.put(path, value);
                }
            }
            return new RunOverviewDto(id, experimentId, status, method, backbone, dataset, seed, configHash, progress,
                    shown, latest, results, error, createdAt, startedAt, finishedAt, resolvedSpec);
        }
    }
}
