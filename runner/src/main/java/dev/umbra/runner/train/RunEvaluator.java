package dev.umbra.runner.train;

import dev.umbra.client.dto.EvalResultDto;
import java.util.List;
import java.util.Map;

/**
 * The evaluation extension point of the training loop: kNN every N epochs and collapse diagnostics
 * during training, the spec's protocols at the end. The loop calls every registered evaluator; it knows
 * nothing of what they compute.
 */
public interface RunEvaluator {

    /**
     * After each epoch (and its checkpoint), with the encoder as it is now. The returned metrics join the
     * epoch's series ({@code knn/top1}, {@code diag/embedding_std}, ...); an evaluator may also call
     * {@link EvaluationContext#requestStop}.
     */
    default Map<String, Double> afterEpoch(EvaluationContext context) {
        return Map.of();
    }

    /**
     * What this evaluator's later reports depend on (a count of epochs so far, say), saved with every
     * checkpoint so that a resumed run reports exactly as an uninterrupted one. Empty by default.
     */
    default Map<String, Double> state() {
        return Map.of();
    }

    /** Takes back the {@link #state()} saved in the checkpoint a run resumes from. */
    default void restore(Map<String, Double> state) {
    }

    /** Once after training (also for {@code random-init}, which has no epochs): the final, versioned results. */
    default List<EvalResultDto> afterTraining(EvaluationContext context) {
        return List.of();
    }
}
