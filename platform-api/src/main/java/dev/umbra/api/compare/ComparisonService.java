package dev.umbra.api.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.configuration.ConfigurationNotes;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.ComparisonDto;
import dev.umbra.client.dto.ComputeDto;
import dev.umbra.client.dto.GroupDto;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.dto.MetricSummaryDto;
import dev.umbra.client.spec.EvalProtocol;
import dev.umbra.client.spec.Method;
import dev.umbra.client.spec.SpecJson;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Seed-aware comparison over the final evaluation numbers of succeeded runs: groups of one
 * configuration (mean, std, n, min, max, 95 % interval of every metric), leaderboards per
 * (dataset, backbone, epoch budget) with each row's verdict against raw pixels, two configurations
 * side by side with a paired t-test, and accuracy against compute. PostgreSQL aggregates; Java adds
 * the t-based intervals.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ComparisonService {

    public static final String DEFAULT_METRIC = "linear-probe/top1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;
    private final CurrentTeam team;
    private final ConfigurationNotes notes;

    public ComparisonService(AgroalDataSource dataSource, CurrentTeam team, ConfigurationNotes notes) {
        this.dataSource = dataSource;
        this.team = team;
        this.notes = notes;
    }

    /** Every configuration in scope with a summary of every metric, ordered by configuration hash. */
    public List<GroupDto> groups(RunScope scope) {
        Map<String, GroupDto> groups = groupsWithoutMetrics(scope);
        Map<String, List<MetricSummaryDto>> metrics = summaries(scope, null, null);
        return groups.values().stream().map(g -> g.withMetrics(metrics.getOrDefault(g.configHash(), List.of()))).toList();
    }

    /**
     * One board per (dataset, backbone, epochs), its configurations ranked by the mean of
     * {@code metric} under {@code protocol} (higher is better), the top {@code rows} with all their
     * metrics. Two passes: rank every configuration in scope on the one metric, then read the
     * groups and every metric of the rows shown only.
     */
    public LeaderboardDto leaderboard(RunScope scope, String metric, String protocol, int rows) {
        Map<List<Object>, List<Ranked>> boards = new TreeMap<>(Comparator.comparing((List<Object> k) -> (String) k.get(0))
                .thenComparing(k -> (String) k.get(1)).thenComparing(k -> (Integer) k.get(2)));
        for (Ranked r : ranking(scope, protocol, metric)) {
            boards.computeIfAbsent(List.of(r.dataset(), r.backbone(), r.epochs()), k -> new ArrayList<>()).add(r);
        }
        Comparator<Ranked> best = Comparator.comparing(Ranked::mean, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Ranked::configHash);
        Map<List<Object>, List<Ranked>> top = new LinkedHashMap<>();
        Map<List<Object>, String> rawPixels = new HashMap<>();
        List<String> shown = new ArrayList<>();
        boards.forEach((key, members) -> {
            List<Ranked> ranked = members.stream().sorted(best).limit(rows).toList();
            ranked.forEach(r -> shown.add(r.configHash()));
            top.put(key, ranked);
            // The reference is read even when it ranks below the rows shown.
            members.stream().filter(r -> r.method().equals(Method.RAW_PIXELS.id()))
                    .min(Comparator.comparing(Ranked::runs, Comparator.reverseOrder()).thenComparing(Ranked::configHash))
                    .ifPresent(r -> {
                        rawPixels.put(key, r.configHash());
                        shown.add(r.configHash());
                    });
        });
        Map<String, GroupDto> groups = new HashMap<>();
        if (!shown.isEmpty()) {
            groups(scope.withConfigHashes(shown)).forEach(g -> groups.put(g.configHash(), g));
        }
        List<LeaderboardDto.Board> result = new ArrayList<>();
        top.forEach((key, ranked) -> {
            String reference = rawPixels.get(key);
            List<LeaderboardDto.Row> boardRows = new ArrayList<>();
            int rank = 0;
            for (int i = 0; i < ranked.size(); i++) {
                Ranked r = ranked.get(i);
                GroupDto group = groups.get(r.configHash());
                List<LeaderboardDto.Verdict> verdicts = reference == null || reference.equals(r.configHash()) ? List.of()
                        : RawPixelsVerdicts.of(group, groups.get(reference));
                Boolean apart = i + 1 < ranked.size() && r.mean() != null && ranked.get(i + 1).mean() != null
                        ? apart(group, groups.get(ranked.get(i + 1).configHash()), protocol, metric) : null;
                boardRows.add(new LeaderboardDto.Row(r.mean() == null ? null : ++rank, group, verdicts, apart));
            }
            result.add(new LeaderboardDto.Board((String) key.get(0), (String) key.get(1), (Integer) key.get(2),
                    boards.get(key).size(), reference, boardRows));
        });
        return new LeaderboardDto(metric, protocol, result);
    }

    /** Whether {@code upper}, ranked just above {@code lower}, is told apart from it on the ranking metric. */
    private static Boolean apart(GroupDto upper, GroupDto lower, String protocol, String metric) {
        return switch (Intervals.compare(upper.metric(protocol, metric).orElseThrow(), upper.method(),
                lower.metric(protocol, metric).orElseThrow(), lower.method())) {
            case ABOVE -> true;
            case OVERLAPPING -> false;
            case BELOW, UNKNOWN -> null; // below cannot happen to a row ranked above; unknown: no interval
        };
    }

    /** A configuration's board, method, succeeded runs and mean of the ranking metric (null: none of its runs has it). */
    private record Ranked(String configHash, String method, String dataset, String backbone, int epochs, int runs,
                          Double mean) {
    }

    private List<Ranked> ranking(RunScope scope, String protocol, String metric) {
        // The view is filtered on the one (protocol, metric), so it reads only those results, and meets the
        // runs in scope in one hash join.
        String sql = """
                SELECT r.config_hash, min(r.method), min(d.name), min(r.backbone), min(r.epochs), count(*), avg(f.value)
                FROM run r JOIN dataset d ON d.id = r.dataset_id
                LEFT JOIN (SELECT run_id, value FROM final_eval_result WHERE protocol = ? AND metric = ?) f ON f.run_id = r.id
                """ + " WHERE " + scope.where() + " GROUP BY r.config_hash";
        List<Ranked> ranked = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, protocol);
            ps.setString(2, metric);
            scope.bind(ps, c, team.id(), 3);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ranked.add(new Ranked(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getInt(6), nullableDouble(rs, 7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rank configurations", e);
        }
        return ranked;
    }

    /** Each configuration's {@code metric} beside its training time and GPU-hours; Pareto-optimal ones marked per dataset. */
    public ComputeDto compute(RunScope scope, String metric, String protocol) {
        Map<String, GroupDto> groups = groupsWithoutMetrics(scope);
        Map<String, List<MetricSummaryDto>> values = summaries(scope, protocol, metric);
        List<GroupDto> measured = groups.values().stream()
                .filter(g -> values.containsKey(g.configHash()) && g.trainSecondsMean() != null).toList();
        List<ComputeDto.Point> points = new ArrayList<>();
        for (GroupDto g : measured) {
            MetricSummaryDto value = values.get(g.configHash()).get(0);
            boolean dominated = measured.stream().anyMatch(o -> o != g && o.dataset().equals(g.dataset())
                    && values.get(o.configHash()).get(0).mean() >= value.mean() && o.trainSecondsMean() <= g.trainSecondsMean()
                    && (values.get(o.configHash()).get(0).mean() > value.mean() || o.trainSecondsMean() < g.trainSecondsMean()));
            points.add(new ComputeDto.Point(g.configHash(), g.method(), g.dataset(), g.backbone(), g.epochs(), g.runs(), value,
                    g.trainSecondsMean(), g.gpuHoursMean(), !dominated));
        }
        points.sort(Comparator.comparing(ComputeDto.Point::dataset).thenComparing(ComputeDto.Point::trainSecondsMean));
        return new ComputeDto(metric, protocol, points);
    }

    /** Configuration {@code b} against {@code a}: metric by metric, the difference of means and a paired t-test over shared seeds. */
    public ComparisonDto compare(String a, String b) {
        List<String> hashes = a.equals(b) ? List.of(a) : List.of(a, b);
        Map<String, GroupDto> groups = new HashMap<>();
        groups(RunScope.all().withConfigHashes(hashes)).forEach(g -> groups.put(g.configHash(), g));
        GroupDto ga = Optional.ofNullable(groups.get(a)).orElseThrow(() -> ApiException.notFound("configuration with succeeded runs", a));
        GroupDto gb = Optional.ofNullable(groups.get(b)).orElseThrow(() -> ApiException.notFound("configuration with succeeded runs", b));
        Map<String, Map<Long, Double>> valuesA = valuesBySeed(ga);
        Map<String, Map<Long, Double>> valuesB = valuesBySeed(gb);
        List<ComparisonDto.Metric> metrics = new ArrayList<>();
        for (MetricSummaryDto ma : ga.metrics()) {
            Optional<MetricSummaryDto> mb = gb.metrics().stream()
                    .filter(m -> m.protocol().equals(ma.protocol()) && m.metric().equals(ma.metric())).findFirst();
            if (mb.isEmpty()) {
                continue;
            }
            String key = ma.protocol() + " " + ma.metric();
            Map<Long, Double> seedsA = valuesA.getOrDefault(key, Map.of());
            Map<Long, Double> seedsB = valuesB.getOrDefault(key, Map.of());
            List<Long> shared = seedsA.keySet().stream().filter(seedsB::containsKey).sorted().toList();
            ComparisonDto.PairedTest paired = null;
            if (!shared.isEmpty()) {
                PairedTTest t = PairedTTest.of(shared.stream().mapToDouble(seedsA::get).toArray(),
                        shared.stream().mapToDouble(seedsB::get).toArray());
                paired = new ComparisonDto.PairedTest(shared, t.pairs(), t.meanDifference(), t.stdDifference(), t.t(), t.df(),
                        t.pValue(), t.ci95Low(), t.ci95High());
            }
            metrics.add(new ComparisonDto.Metric(ma.protocol(), ma.metric(), ma, mb.get(), mb.get().mean() - ma.mean(), paired));
        }
        JsonNode specA = configSpec(ga.runIds().get(0));
        JsonNode specB = configSpec(gb.runIds().get(0));
        return new ComparisonDto(ga, gb, metrics, SpecDiff.of(specA, specB));
    }

    /** The protocol a metric comes from when none is named: its prefix's newest protocol ({@code knn/top1} -> {@code knn/v1}). */
    public static String protocolOf(String metric) {
        String prefix = metric.contains("/") ? metric.substring(0, metric.indexOf('/') + 1) : metric;
        return Arrays.stream(EvalProtocol.values()).map(EvalProtocol::id).filter(id -> id.startsWith(prefix))
                .reduce((first, second) -> second)
                .orElseThrow(() -> ApiException.invalid("protocol", "no protocol reports '" + metric
                        + "'; name one of " + EvalProtocol.ids()));
    }

    /**
     * Configurations in scope with their runs, seeds and cost. GPUs a run used: none on a CPU device;
     * on a GPU device its request (at least one), capped by the GPUs its runner saw; unknown (and so
     * no GPU-hours for the group) when the run reported no environment.
     */
    private Map<String, GroupDto> groupsWithoutMetrics(RunScope scope) {
        String runs = scope.select("""
                r.id, r.config_hash, r.method, r.backbone, r.epochs, d.name AS dataset, r.seed,
                extract(epoch FROM r.finished_at - r.started_at) AS seconds,
                CASE WHEN r.environment IS NULL THEN NULL
                     WHEN r.environment ->> 'device' LIKE 'gpu%' THEN greatest(1, least(greatest(r.requested_gpus, 1),
                          CASE WHEN jsonb_typeof(r.environment -> 'gpu_count') = 'number'
                               THEN (r.environment ->> 'gpu_count')::numeric ELSE 1 END))
                     ELSE 0 END AS gpus""");
        String sql = "WITH runs AS (" + runs + """
                )
                SELECT config_hash, min(method), min(dataset), min(backbone), min(epochs), count(*),
                       array_agg(id ORDER BY seed, id), array_agg(seed ORDER BY seed, id), avg(seconds),
                       CASE WHEN count(gpus) = count(*) AND count(seconds) = count(*) THEN avg(seconds * gpus / 3600.0) END
                FROM runs GROUP BY config_hash ORDER BY config_hash
                """;
        Map<String, GroupDto> groups = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            scope.bind(ps, c, team.id(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.put(rs.getString(1), new GroupDto(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getInt(6), longs(rs.getArray(7)), longs(rs.getArray(8)),
                            List.of(), nullableDouble(rs, 9), nullableDouble(rs, 10), null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot group runs", e);
        }
        notes.names(groups.keySet()).forEach((hash, name) -> groups.put(hash, groups.get(hash).withName(name)));
        return groups;
    }

    /** Summaries per configuration of every metric, or only of ({@code protocol}, {@code metric}) when given. */
    private Map<String, List<MetricSummaryDto>> summaries(RunScope scope, String protocol, String metric) {
        String runs = scope.select("r.id, r.config_hash");
        String only = protocol == null ? "" : " AND f.protocol = ? AND f.metric = ?";
        String sql = "WITH runs AS (" + runs + ")" + """
                SELECT runs.config_hash, f.protocol, f.metric, count(*), avg(f.value), stddev_samp(f.value),
                       min(f.value), max(f.value)
                FROM final_eval_result f JOIN runs ON runs.id = f.run_id
                WHERE f.run_id = ANY(ARRAY(SELECT id FROM runs))""" + only + """
                 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """;
        Map<String, List<MetricSummaryDto>> summaries = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int next = scope.bind(ps, c, team.id(), 1);
            if (protocol != null) {
                ps.setString(next++, protocol);
                ps.setString(next, metric);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Summary s = Summary.fromMoments(rs.getInt(4), rs.getDouble(5), nullableDouble(rs, 6), rs.getDouble(7),
                            rs.getDouble(8));
                    summaries.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new MetricSummaryDto(
                            rs.getString(2), rs.getString(3), s.n(), s.mean(), s.std(), s.min(), s.max(), s.ci95Low(),
                            s.ci95High()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot summarise results", e);
        }
        return summaries;
    }

    /** "protocol metric" -> seed -> final value; with two runs of one seed (a rerun), the older one. */
    private Map<String, Map<Long, Double>> valuesBySeed(GroupDto group) {
        String sql = """
                SELECT r.seed, f.protocol, f.metric, f.value FROM final_eval_result f JOIN run r ON r.id = f.run_id
                WHERE f.run_id = ANY(?) ORDER BY r.id
                """;
        Map<String, Map<Long, Double>> values = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", group.runIds().toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.computeIfAbsent(rs.getString(2) + " " + rs.getString(3), k -> new HashMap<>())
                            .putIfAbsent(rs.getLong(1), rs.getDouble(4));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read results", e);
        }
        return values;
    }

    /** What a run's configuration hash covers (its canonical spec without seed, priority and resources). */
    private JsonNode configSpec(long runId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT run_resolved_spec(r.resolved_spec_id, r.seed)::text, d.checksum"
                        + " FROM run r JOIN dataset d ON d.id = r.dataset_id WHERE r.id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return SpecJson.configContent((ObjectNode) JSON.readTree(rs.getString(1)), rs.getString(2));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot read the spec of run " + runId, e);
        }
    }

    private static List<Long> longs(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        List<Long> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(((Number) v).longValue());
        }
        return out;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
