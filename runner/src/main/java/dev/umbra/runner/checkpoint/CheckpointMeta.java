package dev.umbra.runner.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * Where a checkpoint stands in its run. The next step to run is {@code (nextEpoch, nextStep)}; with the
 * randomness derived from (seed, epoch, step), that position, the arrays and the {@link Totals} are all
 * a resumed run needs to continue, and to report, exactly as if it had not stopped.
 *
 * @param formatVersion {@link CheckpointStore#FORMAT_VERSION} of the writer
 * @param runHash       the run's hash (spec + dataset), to refuse resuming a different run
 * @param nextEpoch     0-based epoch of the next step
 * @param nextStep      0-based step within {@code nextEpoch} of the next step (0 after a whole epoch)
 * @param globalStep    optimizer steps done
 * @param totals        the running sums and counters reports are computed from; null in format 1
 */
public record CheckpointMeta(int formatVersion, String method, String backbone, String runHash, int nextEpoch,
                             int nextStep, long globalStep, Totals totals) {

    /** Whole epochs done. */
    public int epochsDone() {
        return nextEpoch;
    }

    /**
     * What the run's reports sum up so far: the current epoch's loss sum and step count (its
     * {@code train/loss} is their mean, over steps before and after a resume), its timings, the last
     * finished epoch's loss and the last step's learning rate (reported when the epoch ends on a
     * resume), the run's training time and images, and each evaluator's own state (in the order the
     * run registered them; e.g. the collapse detector's epochs under its threshold), and the evaluators'
     * metrics after the last whole epoch (null in checkpoints written before the result carried them).
     */
    public record Totals(double epochLossSum, int epochSteps, long epochNanos, long epochAugmentNanos,
                         double lastEpochLoss, double lastLr, long trainNanos, long imagesSeen,
                         List<Map<String, Double>> evaluatorState, Map<String, Double> lastEpochEvaluation) {
    }
}
