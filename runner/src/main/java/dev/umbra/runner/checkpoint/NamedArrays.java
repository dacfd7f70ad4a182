package dev.umbra.runner.checkpoint;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** Restoring saved arrays into live ones by name. */
final class NamedArrays {

    private NamedArrays() {
    }

    /**
     * Copies {@code saved.get(name)} into every {@code live} array, in place.
     *
     * @param source names the file, for messages
     * @throws IllegalStateException naming the first array that is missing or differs in shape
     */
    static void restore(Map<String, NDArray> saved, Map<String, NDArray> live, String source) {
        for (Map.Entry<String, NDArray> e : live.entrySet()) {
            NDArray value = saved.get(e.getKey());
            if (value == null) {
                throw new IllegalStateException(source + " has no array '" + e.getKey() + "'");
            }
            if (!value.getShape().equals(e.getValue().getShape())) {
                throw new IllegalStateException(source + ": array '" + e.getKey() + "' has shape " + value.getShape()
                        + ", expected " + e.getValue().getShape());
            }
            value.copyTo(e.getValue());
        }
    }
}
