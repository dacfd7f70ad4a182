package dev.umbra.runner.checkpoint;

/**
 * Where a checkpoint stands in its run. The next step to run is {@code (nextEpoch, nextStep)}; with the
 * randomness derived from (seed, epoch, step), that position is all a resumed run needs besides the
 * arrays.
 *
 * @param formatVersion {@link CheckpointStore#FORMAT_VERSION} of the writer
 * @param runHash       the run's hash (spec + dataset), to refuse resuming a different run
 * @param nextEpoch     0-based epoch of the next step
 * @param nextStep      0-based step within {@code nextEpoch} of the next step (0 after a whole epoch)
 * @param globalStep    optimizer steps done
 */
public record CheckpointMeta(int formatVersion, String method, String backbone, String runHash, int nextEpoch,
                             int nextStep, long globalStep) {

    /** Whole epochs done. */
    public int epochsDone() {
        return nextEpoch;
    }
}
