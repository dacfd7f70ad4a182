package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.api.common.ApiException;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.SuiteDto;
import dev.umbra.client.dto.SuiteRequest;
import dev.umbra.client.spec.Backbone;
import dev.umbra.client.spec.Method;
import dev.umbra.sample.BundledSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in benchmark suite: every method (each SSL method and the three baselines; or the methods a
 * request names) on one dataset
 * and backbone with one budget and three seeds, as a sweep over {@code method.name}. Its defaults
 * are the quick-start budget of {@code examples/specs/*.json} on the bundled sample (4 epochs of at
 * most 20 steps of 256 images: under two minutes per run on two CPU cores), so that a newcomer
 * sees a real comparison; other datasets train full epochs unless a step cap is given.
 */
public final class BenchmarkSuite {

    public static final String DEFAULT_BACKBONE = Backbone.CONVNET_S.id();
    public static final int DEFAULT_EPOCHS = 4;
    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final int SAMPLE_MAX_STEPS = 20;
    public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BenchmarkSuite() {
    }

    /** The named methods, each known and named once, in the order given. */
    private static List<String> checked(List<String> methods) {
        if (methods.isEmpty()) {
            throw ApiException.invalid("methods", "must name at least one method (or be left out: every method)");
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            if (method == null || Method.fromId(method).isEmpty()) {
                errors.add(new FieldError("methods[" + i + "]", "unknown method " + method + "; known: "
                        + String.join(", ", Method.ids())));
            } else if (methods.subList(0, i).contains(method)) {
                errors.add(new FieldError("methods[" + i + "]", method + " is named twice"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return List.copyOf(methods);
    }

    /** The suite for a request (null: every default). Values are checked later, as the sweep's own. */
    public static SuiteDto of(SuiteRequest request) {
        SuiteRequest r = request == null ? new SuiteRequest(null, null, null, null, null, null, null, null, null) : request;
        String dataset = r.dataset() == null ? BundledSample.NAME : r.dataset();
        String backbone = r.backbone() == null ? DEFAULT_BACKBONE : r.backbone();
        int epochs = r.epochs() == null ? DEFAULT_EPOCHS : r.epochs();
        int batchSize = r.batchSize() == null ? DEFAULT_BATCH_SIZE : r.batchSize();
        Integer maxSteps = r.maxStepsPerEpoch() != null ? r.maxStepsPerEpoch()
                : dataset.equals(BundledSample.NAME) ? Integer.valueOf(SAMPLE_MAX_STEPS) : null;
        List<Long> seeds = r.seeds() == null ? DEFAULT_SEEDS : r.seeds();
        List<String> methods = r.methods() == null ? Method.ids() : checked(r.methods());

        ObjectNode base = NODES.objectNode();
        base.put("dataset", dataset);
        base.put("backbone", backbone);
        base.putObject("method").put("name", methods.get(0));
        base.put("epochs", epochs);
        base.put("batch_size", batchSize);
        if (maxSteps != null) {
            base.put("max_steps_per_epoch", maxSteps);
        }
        // The quick-start specs' schedule: short warmup; kNN every other epoch; at the end every protocol a
        // benchmark table reports (kNN, the linear probe, label efficiency).
        base.putObject("schedule").put("kind", "cosine").put("warmup_epochs", Math.min(0.5, epochs));
        ObjectNode evaluation = base.putObject("evaluation");
        evaluation.putArray("protocols").add("knn/v1").add("linear-probe/v1").add("label-efficiency/v1");
        evaluation.put("knn_every_epochs", 2);
        base.putObject("checkpoint").put("every_epochs", 2).put("keep_last", 2);

        ObjectNode sweep = NODES.objectNode();
        sweep.put("name", r.name() != null ? r.name()
                : "benchmark suite: " + dataset + ", " + backbone + ", " + epochs + " epochs");
        sweep.set("base", base);
        ArrayNode values = sweep.putArray("axes").addObject().put("path", "method.name").putArray("values");
        methods.forEach(values::add);
        ArrayNode seedList = sweep.putArray("seeds");
        seeds.forEach(seedList::add);
        if (r.reuseSucceeded() != null) {
            sweep.put("reuse_succeeded", r.reuseSucceeded());
        }
        return new SuiteDto(dataset, backbone, epochs, batchSize, maxSteps, methods, seeds, methods.size() * seeds.size(),
                sweep);
    }
}
