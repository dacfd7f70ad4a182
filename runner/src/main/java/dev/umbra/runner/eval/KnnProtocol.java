package dev.umbra.runner.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.EvalProtocol;
import dev.umbra.runner.eval.KnnClassifier.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code knn/v1}: weighted kNN (see {@link KnnClassifier}) with the whole training split as the
 * bank, every (k, T) pair of the grid scored on the test split. The headline pair is reported as
 * {@code knn/top1}, the others as {@code knn/top1@k<k>_t<T>} (no comma: keys are listed comma-separated in the API).
 */
public record KnnProtocol(List<Integer> ks, List<Double> temperatures, int headlineK, double headlineTemperature)
        implements EvaluationProtocol {

    /** Similarity matrix budget per query chunk: 128 MiB is ~560 queries against 60,000 keys. */
    public static final long MAX_CHUNK_BYTES = 128L << 20;

    public KnnProtocol {
        ks = List.copyOf(ks);
        temperatures = List.copyOf(temperatures);
        if (!ks.contains(headlineK) || !temperatures.contains(headlineTemperature)) {
            throw new IllegalArgumentException("the headline (k, T) must be in the grid");
        }
    }

    public static KnnProtocol v1() {
        return new KnnProtocol(List.of(20, 200), List.of(0.07, 0.1), 20, 0.07);
    }

    @Override
    public EvalProtocol id() {
        return EvalProtocol.KNN_V1;
    }

    @Override
    public ObjectNode params() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.set("features", EvaluationProtocol.featureParams());
        p.put("bank", "training split");
        p.put("similarity", "cosine");
        p.put("vote", "sum of exp(similarity / T) over the k nearest");
        ArrayNode k = p.putArray("k");
        ks.forEach(k::add);
        ArrayNode t = p.putArray("temperature");
        temperatures.forEach(t::add);
        ObjectNode headline = p.putObject("headline");
        headline.put("k", headlineK);
        headline.put("temperature", headlineTemperature);
        return p;
    }

    @Override
    public List<EvalResultDto> evaluate(FeatureSet train, FeatureSet test, int epoch, FullLabelProbes probes) {
        List<Setting> settings = new ArrayList<>();
        for (int k : ks) {
            for (double t : temperatures) {
                settings.add(new Setting(k, t));
            }
        }
        long started = System.nanoTime();
        double[] accuracy;
        try (KnnClassifier knn = new KnnClassifier(train, MAX_CHUNK_BYTES)) {
            accuracy = knn.accuracy(test, settings);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ObjectNode params = params();
        List<EvalResultDto> results = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            Setting s = settings.get(i);
            boolean headline = s.k() == headlineK && s.temperature() == headlineTemperature;
            ObjectNode details = JsonNodeFactory.instance.objectNode();
            details.put("k", s.k());
            details.put("k_used", Math.min(s.k(), train.size()));
            details.put("temperature", s.temperature());
            details.put("bank_size", train.size());
            details.put("queries", test.size());
            details.put("seconds_all_settings", seconds);
            String metric = headline ? "knn/top1" : "knn/top1@k" + s.k() + "_t" + s.temperature();
            results.add(new EvalResultDto(epoch, id().id(), params, metric, accuracy[i], details));
        }
        // The headline first: readers that take one number per protocol take that one.
        results.sort((a, b) -> Boolean.compare(!a.metric().equals("knn/top1"), !b.metric().equals("knn/top1")));
        return results;
    }
}
