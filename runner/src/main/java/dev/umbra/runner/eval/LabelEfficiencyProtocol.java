package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.EvalProtocol;
import dev.umbra.runner.data.LabelSubsets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code label-efficiency/v1}: the {@code linear-probe/v1} procedure trained on class-balanced
 * subsets of the training labels ({@link LabelSubsets#balanced}), one subset per fraction and
 * seed; L2 selection uses a validation part carved from the subset itself, since the other
 * labels are unknown in this setting. Features are standardised with statistics of the whole
 * training split, which needs no labels.
 *
 * <p>Reports, per fraction, the mean test top-1 over the seeds as
 * {@code label-efficiency/top1@<percent>%} and the sample standard deviation as
 * {@code label-efficiency/top1_std@<percent>%}. A fraction of 100 % is the same subset for every
 * seed, so it is fitted once (std 0).
 */
public record LabelEfficiencyProtocol(List<Double> fractions, List<Long> subsetSeeds, LinearProbeProtocol probe)
        implements EvaluationProtocol {

    public LabelEfficiencyProtocol {
        fractions = List.copyOf(fractions);
        subsetSeeds = List.copyOf(subsetSeeds);
        if (fractions.isEmpty() || subsetSeeds.isEmpty()) {
            throw new IllegalArgumentException("need at least one fraction and one seed");
        }
    }

    public static LabelEfficiencyProtocol v1() {
        return new LabelEfficiencyProtocol(List.of(0.01, 0.1, 1.0), List.of(0L, 1L, 2L), LinearProbeProtocol.v1());
    }

    @Override
    public EvalProtocol id() {
        return EvalProtocol.LABEL_EFFICIENCY_V1;
    }

    @Override
    public ObjectNode params() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        ArrayNode f = p.putArray("label_fractions");
        fractions.forEach(f::add);
        ArrayNode s = p.putArray("subset_seeds");
        subsetSeeds.forEach(s::add);
        p.put("subsets", "class-balanced: max(1, round(fraction * N / classes)) images per class, seeded shuffle");
        p.put("validation", "carved from the labelled subset");
        p.put("aggregate", "mean and sample std over seeds");
        ObjectNode probeParams = probe.params();
        probeParams.put("standardize", "per-dimension mean and std of the whole training split (no labels needed)");
        p.set("probe", probeParams);
        return p;
    }

    @Override
    public List<EvalResultDto> evaluate(FeatureSet train, FeatureSet test, int epoch, FullLabelProbes probes) {
        ObjectNode params = params();
        List<EvalResultDto> results = new ArrayList<>();
        int[] labels = train.labelArray();
        try (Standardizer standardizer = Standardizer.fit(train.features());
             NDArray trainX = standardizer.apply(train.features());
             NDArray testX = standardizer.apply(test.features())) {
            FeatureSet standardTrain = new FeatureSet(trainX, train.labels(), train.numClasses());
            for (double fraction : fractions) {
                long started = System.nanoTime();
                List<Long> seeds = fraction == 1 ? subsetSeeds.subList(0, 1) : subsetSeeds;
                double[] accuracy = new double[seeds.size()];
                ObjectNode details = JsonNodeFactory.instance.objectNode();
                details.put("fraction", fraction);
                ArrayNode runs = details.putArray("runs");
                for (int i = 0; i < seeds.size(); i++) {
                    int[] subset = LabelSubsets.balanced(labels, train.numClasses(), fraction, seeds.get(i));
                    // All labels: the linear probe's own fit (balanced() keeps every index in order).
                    LinearProbeProtocol.TrainedProbe trained = fraction == 1 ? probes.fit(probe, standardTrain)
                            : probe.train(standardTrain, subset);
                    try (NDArray scores = trained.fit().logits(testX)) {
                        accuracy[i] = (double) Accuracy.topKCorrect(scores, test.labels(), 1) / test.size();
                    }
                    ObjectNode run = runs.addObject();
                    run.put("subset_seed", seeds.get(i));
                    run.put("labelled", subset.length);
                    run.put("l2", trained.l2());
                    run.put("top1", accuracy[i]);
                }
                double mean = mean(accuracy);
                double std = sampleStd(accuracy, mean);
                details.put("seconds", (System.nanoTime() - started) / 1e9);
                String percent = percent(fraction);
                results.add(new EvalResultDto(epoch, id().id(), params, "label-efficiency/top1@" + percent, mean, details));
                results.add(new EvalResultDto(epoch, id().id(), params, "label-efficiency/top1_std@" + percent, std,
                        details));
            }
        }
        return results;
    }

    /** 0.01 -> "1%", 0.1 -> "10%", 1.0 -> "100%", 0.005 -> "0.5%". */
    static String percent(double fraction) {
        return new BigDecimal(Double.toString(fraction)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double sampleStd(double[] values, double mean) {
        if (values.length < 2) {
            return 0;
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }
}
