package dev.umbra.runner.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Receives a run's progress. Called on the training thread: implementations must be quick (buffer,
 * don't block on I/O). All methods have empty defaults.
 */
public interface TrainingListener {

    /** After every optimizer step. */
    default void onStep(StepProgress progress) {
    }

    /**
     * After every epoch with its metric series, keyed like {@code train/loss}, {@code train/lr},
     * {@code train/images_per_s}, plus what evaluators add ({@code knn/top1}, {@code diag/embedding_std}, ...).
     *
     * @param epoch 0-based
     */
    default void onEpoch(int epoch, Map<String, Double> metrics) {
    }

    /** After a checkpoint file is complete on disk. */
    default void onCheckpoint(int epoch, Path file) {
    }

    /** During the evaluation after training: what runs now, and how far the evaluation is. */
    default void onEvaluation(EvaluationProgress progress) {
    }

    /** A human-readable progress line (what the CLI prints and the agent ships as the log tail). */
    default void onLog(String line) {
    }

    /**
     * Polled after every step: a present value stops the run cooperatively (the step finishes, a
     * checkpoint is written, {@link TrainingRun#run()} returns with this status). Use
     * {@link RunStatus#CANCELLED} for a user's cancel and {@link RunStatus#INTERRUPTED} for a shutdown
     * (SIGTERM, lost lease) after which the run should resume.
     */
    default Optional<RunStatus> shouldStop() {
        return Optional.empty();
    }

    /**
     * The final evaluation's progress: {@code stage} runs now (e.g. {@code extracting features},
     * {@code linear-probe/v1}) after {@code done} of {@code total} stages.
     */
    record EvaluationProgress(String stage, int done, int total) {
    }

    /**
     * One step's progress.
     *
     * @param epoch        0-based epoch
     * @param step         0-based step within the epoch
     * @param globalStep   0-based step over the run
     * @param totalSteps   steps of the whole run
     * @param loss         this step's loss
     * @param lr           the learning rate used by this step
     * @param imagesPerSec source images per second over the epoch so far (each image gives every view)
     * @param etaSeconds   estimated seconds until the last step
     */
    record StepProgress(int epoch, int step, long globalStep, long totalSteps, double loss, double lr,
                        double imagesPerSec, double etaSeconds) {
    }
}
