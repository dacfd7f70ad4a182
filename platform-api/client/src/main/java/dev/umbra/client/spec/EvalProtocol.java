package dev.umbra.client.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Versioned evaluation protocols. An id names one fixed procedure; the runner stores the full
 * parameter set with every result, so two numbers are only compared under the same protocol.
 */
public enum EvalProtocol {
    KNN_V1("knn/v1"),
    LINEAR_PROBE_V1("linear-probe/v1"),
    LABEL_EFFICIENCY_V1("label-efficiency/v1");

    private final String id;

    EvalProtocol(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<EvalProtocol> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(EvalProtocol::id).toList();
    }
}
