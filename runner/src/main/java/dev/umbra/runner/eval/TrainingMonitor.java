package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import dev.umbra.client.spec.RunSpec.EvaluationSpec;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.data.ImageSplit;
import dev.umbra.runner.data.LabelSubsets;
import dev.umbra.runner.train.EvaluationContext;
import dev.umbra.runner.train.FeatureExtractor;
import dev.umbra.runner.train.RunEvaluator;
import dev.umbra.runner.train.RunStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-epoch monitoring during training (never used to pick anything):
 *
 * <ul>
 *   <li>every {@code evaluation.knn_every_epochs} epochs, {@code knn/top1}: the headline kNN
 *       setting of {@code knn/v1} (k = 20, T = 0.07) with a cheaper bank, a class-balanced subset
 *       of {@value #KNN_BANK_SIZE} training images (seed 0; all of them when fewer), queried by
 *       the whole test split;</li>
 *   <li>when {@code evaluation.diagnostics}, the {@link CollapseDiagnostics} of the loop's fixed
 *       held-out batch in two seeded views, fed to the {@link CollapseDetector}: its state is the
 *       metric {@code diag/collapse_flag} (0 or 1), and it stops the run as
 *       {@link RunStatus#COLLAPSED} when the spec's {@code collapse.stop} is set.</li>
 * </ul>
 */
public final class TrainingMonitor implements RunEvaluator {

    private static final String EPOCHS_BELOW = "collapse/epochs_below";
    private static final String FLAGGED_AT = "collapse/flagged_at_epoch";

    /** Training images in the per-epoch kNN bank. */
    public static final int KNN_BANK_SIZE = 10_000;

    private final EvaluationSpec spec;
    private CollapseDetector detector;
    private ImageSplit bank;
    /** The detector's state from the checkpoint resumed from, until the detector exists (its size comes with the first epoch). */
    private Map<String, Double> resumed = Map.of();

    public TrainingMonitor(EvaluationSpec spec) {
        this.spec = spec;
    }

    @Override
    public Map<String, Double> afterEpoch(EvaluationContext context) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        int epoch = context.epochsDone();
        if (spec.diagnostics()) {
            diagnose(context, epoch, metrics);
        }
        if (spec.knnEveryEpochs() > 0 && epoch % spec.knnEveryEpochs() == 0) {
            metrics.put("knn/top1", knnTop1(context));
        }
        return metrics;
    }

    private void diagnose(EvaluationContext context, int epoch, Map<String, Double> metrics) {
        FeatureExtractor features = context.features();
        NDArray[] views = context.heldOutViews();
        CollapseDiagnostics diagnostics = CollapseDiagnostics.measure(features.embed(views[0]), features.embed(views[1]));
        metrics.putAll(diagnostics.toMetrics());
        if (detector == null) {
            detector = new CollapseDetector(spec.collapse(), features.featureDim());
            detector.restore(resumed.getOrDefault(EPOCHS_BELOW, 0.0).intValue(),
                    resumed.containsKey(FLAGGED_AT) ? resumed.get(FLAGGED_AT).intValue() : null);
        }
        boolean flagged = detector.observe(epoch, diagnostics.embeddingStd());
        metrics.put("diag/collapse_flag", flagged ? 1.0 : 0.0);
        metrics.put("diag/collapse_threshold", detector.threshold()); // what the portal draws the std against
        if (detector.shouldStop()) {
            context.requestStop(RunStatus.COLLAPSED, String.format(Locale.ROOT,
                    "collapse: embedding std %.4g stayed under %.4g (std_fraction %s / sqrt(%d)) for %d epochs",
                    diagnostics.embeddingStd(), detector.threshold(), spec.collapse().stdFraction(),
                    features.featureDim(), spec.collapse().patienceEpochs()));
        }
    }

    @Override
    public Map<String, Double> state() {
        if (detector == null) {
            return resumed;
        }
        Map<String, Double> state = new LinkedHashMap<>();
        state.put(EPOCHS_BELOW, (double) detector.epochsBelow());
        if (detector.flaggedAtEpoch() != null) {
            state.put(FLAGGED_AT, (double) detector.flaggedAtEpoch());
        }
        return state;
    }

    @Override
    public void restore(Map<String, Double> state) {
        resumed = Map.copyOf(state);
    }

    private double knnTop1(EvaluationContext context) {
        Dataset dataset = context.dataset();
        if (bank == null) {
            bank = LabelSubsets.balancedSample(dataset.train(), dataset.numClasses(), KNN_BANK_SIZE);
        }
        FeatureSet bankFeatures = new FeatureSet(context.features().extract(bank, context.manager()),
                bank.labels(context.manager()), dataset.numClasses());
        FeatureSet queries = new FeatureSet(context.features().extract(dataset.test(), context.manager()),
                dataset.test().labels(context.manager()), dataset.numClasses());
        KnnProtocol v1 = KnnProtocol.v1();
        try (KnnClassifier knn = new KnnClassifier(bankFeatures, KnnProtocol.MAX_CHUNK_BYTES)) {
            return knn.accuracy(queries, List.of(new KnnClassifier.Setting(v1.headlineK(), v1.headlineTemperature())))[0];
        }
    }
}
