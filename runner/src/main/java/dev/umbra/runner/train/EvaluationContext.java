package dev.umbra.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.data.Dataset;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What an evaluator sees: the run, the dataset, the encoder (through {@link #features()}), a fixed
 * held-out batch in two augmented views, and a way to stop the run.
 */
public final class EvaluationContext {

    /** Size of the held-out batch for diagnostics: a class-balanced sample of the test split (about this many). */
    public static final int HELD_OUT_SIZE = 512;

    private final RunSpec spec;
    private final Dataset dataset;
    private final int epochsDone;
    private final FeatureExtractor features;
    private final NDManager manager;
    private final Function<NDManager, NDArray[]> heldOutViews;
    private final Consumer<TrainingListener.EvaluationProgress> progress;
    private RunStatus stopStatus;
    private String stopReason;

    EvaluationContext(RunSpec spec, Dataset dataset, int epochsDone, FeatureExtractor features, NDManager manager,
                      Function<NDManager, NDArray[]> heldOutViews, Consumer<TrainingListener.EvaluationProgress> progress) {
        this.spec = spec;
        this.dataset = dataset;
        this.epochsDone = epochsDone;
        this.features = features;
        this.manager = manager;
        this.heldOutViews = heldOutViews;
        this.progress = progress;
    }

    public RunSpec spec() {
        return spec;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Whole epochs trained so far (after epoch 0 this is 1; 0 for {@code random-init}). */
    public int epochsDone() {
        return epochsDone;
    }

    /** Frozen, unaugmented features of the encoder as it is now. */
    public FeatureExtractor features() {
        return features;
    }

    /** A manager for this call's arrays; closed by the loop when the evaluator returns. */
    public NDManager manager() {
        return manager;
    }

    /**
     * Two augmented, normalised views ({@code [B, C, H, W]} each, in {@link #manager()}) of a fixed
     * class-balanced sample of about {@link #HELD_OUT_SIZE} test images, with the spec's view 1 and view 2 augmentations and the same
     * random draws at every epoch, so that diagnostics over epochs see the same inputs. Embed them with
     * {@code features().embed(view)}.
     */
    public NDArray[] heldOutViews() {
        return heldOutViews.apply(manager);
    }

    /** Tells the run's listeners how far a long evaluation is: {@code stage} runs now, after {@code done} of {@code total}. */
    public void reportProgress(String stage, int done, int total) {
        progress.accept(new TrainingListener.EvaluationProgress(stage, done, total));
    }

    /** Asks the loop to stop after this evaluation (e.g. {@link RunStatus#COLLAPSED}); the reason goes to the log. */
    public void requestStop(RunStatus status, String reason) {
        if (stopStatus == null) {
            stopStatus = status;
            stopReason = reason;
        }
    }

    Optional<RunStatus> stopRequested() {
        return Optional.ofNullable(stopStatus);
    }

    String stopReason() {
        return stopReason;
    }
}
