package dev.umbra.api.compare;

import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.QueryParams;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.spec.Backbone;
import dev.umbra.client.spec.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which succeeded runs a comparison reads: the team's, narrowed by any of experiment, sweep,
 * dataset (name), backbone, epoch budget, method and configuration hashes. Null narrows nothing.
 */
public record RunScope(Long experimentId, Long sweepId, String dataset, String backbone, Integer epochs, String method,
                       List<String> configHashes) {

    static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public static RunScope all() {
        return new RunScope(null, null, null, null, null, null, null);
    }

    /** From query parameters, each checked: a bad one is a 400 naming it (all of them at once). */
    public static RunScope parse(String experimentId, String sweepId, String dataset, String backbone, String epochs,
                                 String method) {
        List<FieldError> errors = new ArrayList<>();
        Long experiment = checked(errors, () -> QueryParams.optionalId("experiment_id", experimentId));
        Long sweep = checked(errors, () -> QueryParams.optionalId("sweep_id", sweepId));
        Integer budget = epochs == null || epochs.isEmpty() ? null
                : checked(errors, () -> QueryParams.intInRange("epochs", epochs, 0, 1, 10_000));
        if (backbone != null && Backbone.fromId(backbone).isEmpty()) {
            errors.add(new FieldError("backbone", "unknown backbone; allowed: " + Backbone.ids()));
        }
        if (method != null && Method.fromId(method).isEmpty()) {
            errors.add(new FieldError("method", "unknown method; allowed: " + Method.ids()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new RunScope(experiment, sweep, dataset, backbone, budget, method, null);
    }

    public RunScope withConfigHashes(List<String> hashes) {
        return new RunScope(experimentId, sweepId, dataset, backbone, epochs, method, List.copyOf(hashes));
    }

    /**
     * The succeeded runs in scope as a SQL sub-select of {@code run r JOIN dataset d}, with
     * {@code columns} selected; parameters are bound from index 1 by {@link #bind}.
     */
    String select(String columns) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns)
                .append(" FROM run r JOIN dataset d ON d.id = r.dataset_id WHERE r.team_id = ? AND r.status = 'SUCCEEDED'");
        if (experimentId != null) {
            sql.append(" AND r.experiment_id = ?");
        }
        if (sweepId != null) {
            sql.append(" AND r.id IN (SELECT run_id FROM sweep_run WHERE sweep_id = ?)");
        }
        if (dataset != null) {
            sql.append(" AND d.name = ?");
        }
        if (backbone != null) {
            sql.append(" AND r.backbone = ?");
        }
        if (epochs != null) {
            sql.append(" AND r.epochs = ?");
        }
        if (method != null) {
            sql.append(" AND r.method = ?");
        }
        if (configHashes != null) {
            sql.append(" AND r.config_hash = ANY(?)");
        }
        return sql.toString();
    }

    /** Binds the parameters of {@link #select}; returns the next free index. */
    int bind(PreparedStatement ps, Connection c, long teamId, int first) throws SQLException {
        int i = first;
        ps.setLong(i++, teamId);
        if (experimentId != null) {
            ps.setLong(i++, experimentId);
        }
        if (sweepId != null) {
            ps.setLong(i++, sweepId);
        }
        if (dataset != null) {
            ps.setString(i++, dataset);
        }
        if (backbone != null) {
            ps.setString(i++, backbone);
        }
        if (epochs != null) {
            ps.setInt(i++, epochs);
        }
        if (method != null) {
            ps.setString(i++, method);
        }
        if (configHashes != null) {
            ps.setArray(i++, c.createArrayOf("text", configHashes.toArray(String[]::new)));
        }
        return i;
    }

    private interface Check<T> {
        T get();
    }

    private static <T> T checked(List<FieldError> errors, Check<T> check) {
        try {
            return check.get();
        } catch (ApiException e) {
            errors.addAll(e.errors());
            return null;
        }
    }
}
