package dev.umbra.client.spec;

import java.util.List;

/**
 * A validated run specification with every default filled in. Built only by {@link SpecParser};
 * {@link SpecJson#canonical(RunSpec)} writes it back as canonical JSON, which parses to an equal
 * spec.
 *
 * @param dataset          name of a registered dataset (or, for the runner's offline {@code train},
 *                         the bundled sample or a local path)
 * @param maxStepsPerEpoch optional cap on optimizer steps per epoch (quick-start specs and tests);
 *                         {@code null} means a full pass over the training set
 */
public record RunSpec(
        String dataset,
        Backbone backbone,
        MethodSpec method,
        OptimizerSpec optimizer,
        ScheduleSpec schedule,
        int epochs,
        int batchSize,
        Integer maxStepsPerEpoch,
        AugmentationSpec augmentation,
        long seed,
        EvaluationSpec evaluation,
        CheckpointSpec checkpoint,
        ResourceSpec resources,
        int priority) {

    public record MethodSpec(Method name, Params params) {
    }

    /**
     * @param lr                 peak learning rate, used as given (defaults are scaled with the batch size)
     * @param excludeBiasAndNorm exclude biases and normalisation parameters from weight decay and
     *                           from LARS adaptation
     */
    public record OptimizerSpec(OptimizerName name, double lr, double momentum, double weightDecay,
                                double beta1, double beta2, double larsEta, boolean excludeBiasAndNorm) {
    }

    public enum LrSchedule {
        COSINE("cosine"), CONSTANT("constant");

        private final String id;

        LrSchedule(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Linear warmup over {@code warmupEpochs} (may be fractional), then the schedule down to {@code minLrRatio} of the peak. */
    public record ScheduleSpec(LrSchedule kind, double warmupEpochs, double minLrRatio) {
    }

    /** Resolved per-view augmentation parameters (see {@link Recipe#PARAMS}). */
    public record AugmentationSpec(Recipe recipe, Params view1, Params view2) {
    }

    /**
     * @param protocols      protocols run on the final encoder, in a fixed order
     * @param knnEveryEpochs a cheap kNN during training every N epochs (0: never)
     * @param diagnostics    collapse diagnostics on a held-out batch each epoch
     */
    public record EvaluationSpec(List<EvalProtocol> protocols, int knnEveryEpochs, boolean diagnostics,
                                 CollapseSpec collapse) {
    }

    /**
     * The collapse detector: flags the run when the std of L2-normalised embeddings stays under
     * {@code stdFraction / sqrt(d)} for {@code patienceEpochs} epochs; stops it when {@code stop}.
     */
    public record CollapseSpec(double stdFraction, int patienceEpochs, boolean stop) {
    }

    /** Checkpoint every N epochs (and always at the end), keeping the last {@code keepLast}. */
    public record CheckpointSpec(int everyEpochs, int keepLast) {
    }

    /** What the run needs from a runner; excluded from both hashes (it changes where, not what). */
    public record ResourceSpec(int gpus, int gpuMemoryGb, List<String> labels) {
    }
}
