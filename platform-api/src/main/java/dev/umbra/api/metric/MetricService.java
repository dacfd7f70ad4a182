package dev.umbra.api.metric;

import dev.umbra.api.common.ApiException;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.MetricPoint;
import dev.umbra.client.dto.MetricSeries;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Metric series: batched, idempotent ingestion on (run, key, step) and chart-ready reads.
 * Ingestion is plain JDBC with array parameters (one round trip per table per batch), because it
 * is the API's hottest write path. Steps, values and wall times (microseconds since the epoch) go
 * as primitive arrays, which the driver sends in PostgreSQL's binary format: formatting and parsing
 * them as text (a calendar per timestamp) was most of a batch's cost.
 */
@ApplicationScoped
@Transactional
public class MetricService {

    public static final int MAX_BATCH = 10_000;
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");
    public static final long MAX_STEP = (1L << 53) - 1;
    /**
     * A batch's points (parameters: run id, keys, steps, values, wall times in µs since the epoch, as
     * arrays); public so that bench/api measures PostgreSQL's own rate for exactly this statement.
     */
    public static final String UPSERT_POINTS = """
            INSERT INTO metric (run_id, key, step, value, wall_time)
            SELECT ?, k, s, v, timestamptz 'epoch' + w * interval '1 microsecond'
            FROM unnest(?::text[], ?::bigint[], ?::float8[], ?::bigint[]) AS t(k, s, v, w)
            ON CONFLICT (run_id, key, step) DO UPDATE SET value = EXCLUDED.value, wall_time = EXCLUDED.wall_time
            """;
    /** The latest point of each key of a batch, kept unless a later step is already there (parameters as above). */
    public static final String UPSERT_LATEST = """
            INSERT INTO metric_latest (run_id, key, step, value, wall_time)
            SELECT ?, k, s, v, timestamptz 'epoch' + w * interval '1 microsecond'
            FROM unnest(?::text[], ?::bigint[], ?::float8[], ?::bigint[]) AS t(k, s, v, w)
            ON CONFLICT (run_id, key) DO UPDATE
                SET step = EXCLUDED.step, value = EXCLUDED.value, wall_time = EXCLUDED.wall_time
                WHERE EXCLUDED.step >= metric_latest.step
            """;

    private final AgroalDataSource dataSource;
    private final Clock clock;

    public MetricService(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Validates the whole batch first (every bad point listed), then writes it; returns the points stored. */
    public int ingest(long runId, List<MetricPoint> points) {
        validate(points);
        // A batch may repeat a (key, step): the last one wins, as a later batch would.
        Map<PointId, MetricPoint> unique = new LinkedHashMap<>();
        Map<String, MetricPoint> latest = new TreeMap<>();
        Instant now = Instant.now(clock);
        for (MetricPoint p : points) {
            MetricPoint point = p.wallTime() == null ? new MetricPoint(p.key(), p.step(), p.value(), now) : p;
            unique.put(new PointId(point.key(), point.step()), point);
            latest.merge(point.key(), point, (a, b) -> b.step() >= a.step() ? b : a);
        }
        try (Connection c = dataSource.getConnection()) {
            write(c, runId, List.copyOf(unique.values()), UPSERT_POINTS);
            write(c, runId, List.copyOf(latest.values()), UPSERT_LATEST);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store metrics of run " + runId, e);
        }
        return unique.size();
    }

    /** Series of the given keys (all keys when empty), each downsampled to at most {@code maxPoints}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<MetricSeries> series(long runId, List<String> keys, int maxPoints) {
        for (String key : keys) {
            if (!KEY.matcher(key).matches()) {
                throw ApiException.invalid("keys", "'" + key + "' is not a metric key (" + KEY.pattern() + ")");
            }
        }
        String sql = keys.isEmpty()
                ? "SELECT key, step, value FROM metric WHERE run_id = ? ORDER BY key, step"
                : "SELECT key, step, value FROM metric WHERE run_id = ? AND key = ANY(?) ORDER BY key, step";
        Map<String, List<double[]>> byKey = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            if (!keys.isEmpty()) {
                ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byKey.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new double[] {rs.getLong(2), rs.getDouble(3)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read metrics of run " + runId, e);
        }
        List<MetricSeries> result = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : byKey.entrySet()) {
            List<double[]> shown = Downsampler.largestTriangleThreeBuckets(e.getValue(), maxPoints);
            result.add(new MetricSeries(e.getKey(), e.getValue().size(),
                    shown.stream().map(p -> (long) p[0]).toList(), shown.stream().map(p -> p[1]).toList()));
        }
        return result;
    }

    /** The latest value of every series of a run. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Double> latest(long runId) {
        Map<String, Double> values = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key, value FROM metric_latest WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getDouble(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read metrics of run " + runId, e);
        }
        return values;
    }

    private static void validate(List<MetricPoint> points) {
        if (points == null || points.isEmpty()) {
            throw ApiException.invalid("points", "must be a non-empty array");
        }
        if (points.size() > MAX_BATCH) {
            throw ApiException.invalid("points", "at most " + MAX_BATCH + " points per batch, got " + points.size());
        }
        List<FieldError> errors = new ArrayList<>();
        // Field names are built only for a bad point: building one per point cost more than the checks.
        for (int i = 0; i < points.size() && errors.size() < 100; i++) {
            MetricPoint p = points.get(i);
            if (p == null) {
                errors.add(new FieldError("points[" + i + "]", "must be an object"));
                continue;
            }
            if (!isKey(p.key())) {
                errors.add(new FieldError("points[" + i + "].key", "must match " + KEY.pattern()));
            }
            if (p.step() == null || p.step() < 0 || p.step() > MAX_STEP) {
                errors.add(new FieldError("points[" + i + "].step", "must be from 0 to " + MAX_STEP));
            }
            if (p.value() == null || !Double.isFinite(p.value())) {
                errors.add(new FieldError("points[" + i + "].value", "must be a finite number"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** {@link #KEY} without a regular expression: it is checked for every point of every batch. */
    static boolean isKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '/' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A point's identity within its run: a later point with the same one replaces it. */
    private record PointId(String key, long step) {
    }

    private static void write(Connection c, long runId, List<MetricPoint> points, String sql) throws SQLException {
        int n = points.size();
        String[] keys = new String[n];
        long[] steps = new long[n];
        double[] values = new double[n];
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            MetricPoint p = points.get(i);
            keys[i] = p.key();
            steps[i] = p.step();
            values[i] = p.value();
            micros[i] = Math.addExact(Math.multiplyExact(p.wallTime().getEpochSecond(), 1_000_000L), (p.wallTime().getNano() + 500) / 1000); // rounded, as PostgreSQL rounds
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            ps.setArray(2, c.createArrayOf("text", keys));
            ps.setObject(3, steps);
            ps.setObject(4, values);
            ps.setObject(5, micros);
            ps.executeUpdate();
        }
    }
}
