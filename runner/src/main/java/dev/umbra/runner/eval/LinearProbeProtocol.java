package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.EvalProtocol;
import dev.umbra.runner.data.LabelSubsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linear-probe/v1}: multinomial logistic regression on standardised frozen features.
 *
 * <ol>
 *   <li>Standardise with the training split's per-dimension mean and std (constant dimensions map to 0).</li>
 *   <li>Carve a class-stratified validation part ({@code validationFraction}, seed {@code splitSeed})
 *       out of the labelled training images; the test split is never looked at.</li>
 *   <li>For each L2 strength of the grid, strongest first, fit on the rest with L-BFGS
 *       ({@code history}, at most {@code maxIterations} iterations, stop when the largest gradient
 *       component is under {@code gradientTolerance} or a step gains less than 1e-7 of the loss),
 *       each fit warm-started from the previous
 *       one; keep the strength with the best validation top-1 (ties: the stronger).</li>
 *   <li>Refit on all labelled training images with that strength; report test top-1, and top-5
 *       when there are more than 10 classes.</li>
 * </ol>
 */
public record LinearProbeProtocol(List<Double> l2Grid, double validationFraction, long splitSeed, int history,
                                  int maxIterations, double gradientTolerance) implements EvaluationProtocol {

    public LinearProbeProtocol {
        l2Grid = l2Grid.stream().sorted((a, b) -> Double.compare(b, a)).toList();
        if (l2Grid.isEmpty() || l2Grid.stream().anyMatch(l -> !(l > 0))) {
            throw new IllegalArgumentException("the L2 grid needs positive values");
        }
    }

    public static LinearProbeProtocol v1() {
        return new LinearProbeProtocol(List.of(1e-2, 1e-3, 1e-4, 1e-5, 1e-6), 0.1, 0, 10, 1000, 1e-4);
    }

    /** A probe fitted on labelled training images, and how its L2 strength was chosen. */
    record TrainedProbe(LogisticRegression.Fit fit, double l2, ObjectNode details) {
    }

    @Override
    public EvalProtocol id() {
        return EvalProtocol.LINEAR_PROBE_V1;
    }

    @Override
    public ObjectNode params() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.set("features", EvaluationProtocol.featureParams());
        p.put("standardize", "per-dimension mean and std of the training split");
        p.put("model", "multinomial logistic regression with bias");
        p.put("objective", "mean cross-entropy + l2/2 * ||W||^2 (bias not penalised)");
        p.put("optimizer", "L-BFGS, full batch");
        p.put("history", history);
        p.put("max_iterations", maxIterations);
        p.put("gradient_tolerance", gradientTolerance);
        p.put("relative_loss_tolerance", Lbfgs.RELATIVE_LOSS_TOLERANCE);
        p.put("line_search",
                "backtracking Armijo (c1 = " + Lbfgs.ARMIJO + "), at most " + Lbfgs.MAX_LINE_SEARCH + " trials");
        ArrayNode grid = p.putArray("l2_grid");
        l2Grid.forEach(grid::add);
        p.put("selection", "best validation top-1 (ties: stronger l2), then refit on all labelled images");
        p.put("validation_fraction", validationFraction);
        p.put("split_seed", splitSeed);
        return p;
    }

    @Override
    public List<EvalResultDto> evaluate(FeatureSet train, FeatureSet test, int epoch, FullLabelProbes probes) {
        long started = System.nanoTime();
        try (Standardizer standardizer = Standardizer.fit(train.features());
             NDArray trainX = standardizer.apply(train.features());
             NDArray testX = standardizer.apply(test.features())) {
            FeatureSet standardTrain = new FeatureSet(trainX, train.labels(), train.numClasses());
            TrainedProbe probe = probes.fit(this, standardTrain);

            long top1;
            long top5;
            long trainTop1;
            try (NDArray testScores = probe.fit().logits(testX); NDArray trainScores = probe.fit().logits(trainX)) {
                top1 = Accuracy.topKCorrect(testScores, test.labels(), 1);
                top5 = train.numClasses() > 10 ? Accuracy.topKCorrect(testScores, test.labels(), 5) : -1;
                trainTop1 = Accuracy.topKCorrect(trainScores, train.labels(), 1);
            }
            ObjectNode details = probe.details();
            details.put("train_top1", (double) trainTop1 / train.size());
            details.put("test_size", test.size());
            details.put("seconds", (System.nanoTime() - started) / 1e9);
            ObjectNode params = params();
            List<EvalResultDto> results = new ArrayList<>();
            results.add(new EvalResultDto(epoch, id().id(), params, "linear-probe/top1", (double) top1 / test.size(),
                    details));
            if (top5 >= 0) {
                results.add(new EvalResultDto(epoch, id().id(), params, "linear-probe/top5",
                        (double) top5 / test.size(), details));
            }
            return results;
        }
    }

    /**
     * Picks the L2 strength on a validation part of the {@code labelled} rows of standardised
     * training features, then refits on all of them.
     */
    TrainedProbe train(FeatureSet standardTrain, int[] labelled) {
        int[] labels = standardTrain.labelArray();
        LabelSubsets.Split split = LabelSubsets.stratified(labels, labelled, standardTrain.numClasses(),
                validationFraction, splitSeed);
        Lbfgs lbfgs = new Lbfgs(history, maxIterations, gradientTolerance);
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        ArrayNode grid = details.putArray("validation");

        double[] parameters = LogisticRegression.zeros(standardTrain.dim(), standardTrain.numClasses());
        if (split.validation().length == 0) {
            // Every class has a single labelled image: nothing to validate on, take the grid's middle.
            double l2 = l2Grid.get(l2Grid.size() / 2);
            details.put("selection", "no validation images; middle of the grid");
            return refit(standardTrain, labelled, l2, parameters, Double.NaN, 0, lbfgs, details);
        }
        double bestL2 = Double.NaN;
        double bestAccuracy = -1;
        double[] bestParameters = parameters;
        FeatureSet fitPart = standardTrain.rows(split.fit());
        FeatureSet validationPart = standardTrain.rows(split.validation());
        try {
            for (double l2 : l2Grid) {
                long started = System.nanoTime();
                LogisticRegression.Fit fit = LogisticRegression.fit(fitPart, l2, parameters, lbfgs);
                parameters = fit.parameters();
                double accuracy;
                try (NDArray scores = fit.logits(validationPart.features())) {
                    accuracy = (double) Accuracy.topKCorrect(scores, validationPart.labels(), 1) / validationPart.size();
                }
                ObjectNode row = grid.addObject();
                row.put("l2", l2);
                row.put("top1", accuracy);
                row.put("iterations", fit.iterations());
                row.put("stop", fit.stop().name().toLowerCase());
                row.put("seconds", (System.nanoTime() - started) / 1e9);
                if (accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    bestL2 = l2;
                    bestParameters = parameters;
                }
            }
        } finally {
            close(fitPart);
            close(validationPart);
        }

        return refit(standardTrain, labelled, bestL2, bestParameters, bestAccuracy, split.validation().length, lbfgs,
                details);
    }

    private TrainedProbe refit(FeatureSet standardTrain, int[] labelled, double l2, double[] start,
                               double validationAccuracy, int validationSize, Lbfgs lbfgs, ObjectNode details) {
        FeatureSet labelledPart = labelled.length == standardTrain.size() ? standardTrain : standardTrain.rows(labelled);
        try {
            long started = System.nanoTime();
            LogisticRegression.Fit fit = LogisticRegression.fit(labelledPart, l2, start, lbfgs);
            details.put("final_fit_seconds", (System.nanoTime() - started) / 1e9);
            details.put("l2", l2);
            if (validationSize > 0) {
                details.put("validation_top1", validationAccuracy);
            }
            details.put("labelled", labelled.length);
            details.put("validation_size", validationSize);
            details.put("final_fit_iterations", fit.iterations());
            details.put("final_fit_stop", fit.stop().name().toLowerCase());
            details.put("final_fit_loss", fit.loss());
            return new TrainedProbe(fit, l2, details);
        } finally {
            if (labelledPart != standardTrain) {
                close(labelledPart);
            }
        }
    }

    private static void close(FeatureSet set) {
        set.features().close();
        set.labels().close();
    }
}
