package dev.umbra.runner.eval;

import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.train.RunEvaluator;
import java.util.List;

/** The evaluation a spec asks for, for every way a run is trained (the offline command, the agent). */
public final class Evaluators {

    private Evaluators() {
    }

    /** Monitoring during training (kNN every N epochs, collapse diagnostics) and the spec's protocols at the end. */
    public static List<RunEvaluator> forSpec(RunSpec spec) {
        return List.of(new TrainingMonitor(spec.evaluation()), new ProtocolSuite(spec.evaluation().protocols()));
    }
}
