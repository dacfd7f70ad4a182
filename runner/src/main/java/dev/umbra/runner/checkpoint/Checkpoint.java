package dev.umbra.runner.checkpoint;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** A checkpoint read back: its position and every saved array by name. */
public record Checkpoint(CheckpointMeta meta, Map<String, NDArray> arrays) {

    /**
     * Copies the saved value of every array in {@code live} into it, in place.
     *
     * @throws IllegalStateException naming the first array that is missing or differs in shape (the
     *                               checkpoint was written by a different method or backbone)
     */
    public void restoreInto(Map<String, NDArray> live) {
        NamedArrays.restore(arrays, live, "checkpoint (" + meta.method() + ", " + meta.backbone() + ")");
    }

    /** Closes every array read. */
    public void close() {
        arrays.values().forEach(NDArray::close);
    }
}
