package dev.umbra.api.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.umbra.api.common.ApiException;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.EvalProtocol;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Evaluation results of runs, one row per (run, protocol, metric, epoch); a resent result overwrites. */
@ApplicationScoped
@Transactional
public class EvalResultService {

    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.:/@%-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;

    public EvalResultService(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(long runId, List<EvalResultDto> results) {
        validate(results);
        String sql = """
                INSERT INTO eval_result (run_id, epoch, protocol, protocol_params, metric, value, details)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb)
                ON CONFLICT (run_id, protocol, metric, epoch) DO UPDATE
                    SET protocol_params = EXCLUDED.protocol_params, value = EXCLUDED.value, details = EXCLUDED.details
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (EvalResultDto r : results) {
                ps.setLong(1, runId);
                ps.setInt(2, r.epoch());
                ps.setString(3, r.protocol());
                ps.setString(4, json(r.protocolParams()));
                ps.setString(5, r.metric());
                ps.setDouble(6, r.value());
                ps.setString(7, json(r.details()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store results of run " + runId, e);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EvalResultDto> list(long runId) {
        List<EvalResultDto> results = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT epoch, protocol, protocol_params::text, metric, value, details::text FROM eval_result
                WHERE run_id = ? ORDER BY protocol, metric, epoch
                """)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.add(new EvalResultDto(rs.getInt(1), rs.getString(2), JSON.readTree(rs.getString(3)),
                            rs.getString(4), rs.getDouble(5), JSON.readTree(rs.getString(6))));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read results of run " + runId, e);
        }
        return results;
    }

    private static void validate(List<EvalResultDto> results) {
        if (results == null || results.isEmpty() || results.size() > 1000) {
            throw ApiException.invalid("results", "must hold 1 to 1,000 results");
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            EvalResultDto r = results.get(i);
            String at = "results[" + i + "]";
            if (r == null) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            if (r.protocol() == null || EvalProtocol.fromId(r.protocol()).isEmpty()) {
                errors.add(new FieldError(at + ".protocol", "unknown protocol; allowed: " + EvalProtocol.ids()));
            }
            if (r.metric() == null || !METRIC.matcher(r.metric()).matches()) {
                errors.add(new FieldError(at + ".metric", "must match " + METRIC.pattern()));
            }
            if (r.epoch() < 0) {
                errors.add(new FieldError(at + ".epoch", "must not be negative"));
            }
            if (!Double.isFinite(r.value())) {
                errors.add(new FieldError(at + ".value", "must be a finite number"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static String json(JsonNode node) {
        return (node == null ? JsonNodeFactory.instance.objectNode() : node).toString();
    }
}
