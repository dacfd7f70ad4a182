package dev.umbra.api.compare;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The final evaluation numbers of runs, read from the {@code final_eval_result} view, which owns the
 * rule: per (run, protocol, metric) the value of the latest epoch evaluated.
 */
@ApplicationScoped
public class FinalResults {

    /** One final number and the protocol it comes from. */
    public record Value(String protocol, String metric, double value) {
    }

    private final AgroalDataSource dataSource;

    public FinalResults(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Final numbers of each run, ordered by protocol then metric; runs without results are absent. */
    public Map<Long, List<Value>> byRun(Collection<Long> runIds) {
        Map<Long, List<Value>> results = new HashMap<>();
        if (runIds.isEmpty()) {
            return results;
        }
        String sql = """
                SELECT run_id, protocol, metric, value FROM final_eval_result
                WHERE run_id = ANY(?) ORDER BY run_id, protocol, metric
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", runIds.toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(new Value(rs.getString(2), rs.getString(3), rs.getDouble(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the results of runs", e);
        }
        return results;
    }
}
