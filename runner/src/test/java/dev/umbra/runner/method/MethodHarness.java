package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.runner.checkpoint.Checkpoint;
import dev.umbra.runner.checkpoint.CheckpointMeta;
import dev.umbra.runner.checkpoint.CheckpointStore;
import dev.umbra.runner.engine.Seeds;
import dev.umbra.runner.nn.Backbones;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.Networks;
import dev.umbra.runner.train.GradientPass;
import dev.umbra.runner.train.Optimizer;
import dev.umbra.runner.train.Optimizers;
import dev.umbra.runner.train.TrainableParameter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives one method the way the shared loop does (same hook order, per-step manager and seed,
 * gradient recording only inside the collector) on a fixed tiny batch, so that tests can look at
 * the method's blocks and buffers between steps.
 */
final class MethodHarness implements AutoCloseable {

    static final int BATCH = 16;
    /** Small images keep the suite fast; every backbone and decoder takes them. */
    static final Shape IMAGE = new Shape(1, 16, 16);
    static final int STEPS_PER_EPOCH = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    final RunSpec spec;
    final NDManager manager;
    final Encoder encoder;
    final SslMethod method;
    final ParameterStore parameterStore;
    final Optimizer optimizer;
    /** Every checkpointed array by name, as the loop names them. */
    final Map<String, NDArray> state = new LinkedHashMap<>();
    /** The state a forward pass changes in place (batch-norm running statistics). */
    final List<NDArray> runningStatistics = new ArrayList<>();
    final NDArray view1;
    final NDArray view2;
    /** The method's local views (multi-crop), as many and as large as it asks; usually none. */
    final List<NDArray> localViews = new ArrayList<>();
    final NDArray labels;
    int epoch;
    int step;
    long globalStep;
    private final boolean gradMode;

    /**
     * @param specJson a run spec; dataset, batch size and epochs are filled in when absent
     */
    MethodHarness(String specJson) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(specJson);
            root.putIfAbsent("dataset", JSON.getNodeFactory().textNode("tiny"));
            root.putIfAbsent("batch_size", JSON.getNodeFactory().numberNode(BATCH));
            root.putIfAbsent("epochs", JSON.getNodeFactory().numberNode(3));
            spec = SpecParser.parse(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        manager = NDManager.newBaseManager();
        Engine engine = manager.getEngine();
        // As in the loop: recording only inside the step's gradient collector.
        gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        engine.setRandomSeed((int) Seeds.derive(spec.seed(), 0, -1, Seeds.Stream.INIT));
        encoder = Networks.initialize(Backbones.create(spec.backbone()), manager, new Shape(2).addAll(IMAGE));
        method = Methods.create(spec.method().name());
        method.build(new MethodSetup(spec, encoder, IMAGE, 10, STEPS_PER_EPOCH, manager, manager.getDevice()));
        parameterStore = new ParameterStore(manager, false);
        List<TrainableParameter> trainable = new ArrayList<>();
        collect("encoder/", encoder, trainable);
        new TreeMap<>(method.blocks()).forEach((name, block) -> collect("method/" + name + "/", block, trainable));
        new TreeMap<>(method.buffers()).forEach((name, array) -> state.put("buffer/" + name, array));
        optimizer = Optimizers.create(spec.optimizer(), trainable);
        optimizer.state().forEach((name, array) -> state.put("optimizer/" + name, array));

        // Two fixed "views" of the same random images: enough for a loss to fall over a few steps.
        engine.setRandomSeed(12345);
        NDArray base = manager.randomNormal(new Shape(BATCH).addAll(IMAGE));
        view1 = base.add(manager.randomNormal(base.getShape()).mul(0.3));
        view2 = base.add(manager.randomNormal(base.getShape()).mul(0.3));
        LocalViews local = method.localViews();
        for (int i = 0; i < local.count(); i++) {
            NDArray corner = base.get(":, :, " + i + ":" + (i + local.size()) + ", " + i + ":" + (i + local.size()));
            localViews.add(corner.add(manager.randomNormal(corner.getShape()).mul(0.3)));
        }
        labels = manager.arange(BATCH).toType(DataType.INT64, false).mod(10);
    }

    private void collect(String prefix, Block block, List<TrainableParameter> trainable) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            state.put(prefix + p.getKey(), p.getValue().getArray());
            if (!Networks.isLearned(p.getValue())) {
                runningStatistics.add(p.getValue().getArray());
            }
            if (p.getValue().requiresGradient()) {
                trainable.add(new TrainableParameter(prefix + p.getKey(), p.getValue(),
                        !TrainableParameter.isBiasOrNorm(p.getValue())));
            }
        }
    }

    long totalSteps() {
        return (long) STEPS_PER_EPOCH * spec.epochs();
    }

    /** One optimizer step at the spec's peak learning rate; returns the loss. */
    float step() {
        try (NDManager stepManager = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TrainingStep context = new TrainingStep(stepManager, parameterStore, encoder, epoch, step, globalStep,
                    totalSteps(), spec.seed());
            Views views = new Views(view1, method.views() > 1 ? view2 : null, labels, localViews);
            method.beforeForward(context);
            GradientPass.Outcome pass = GradientPass.run(manager.getEngine(),
                    (int) Seeds.derive(spec.seed(), epoch, step, Seeds.Stream.ENGINE), () -> method.loss(context, views),
                    optimizer, runningStatistics);
            method.beforeUpdate(context);
            optimizer.step(spec.optimizer().lr(), globalStep + 1);
            method.afterUpdate(context);
            advance();
            return pass.loss();
        }
    }

    private void advance() {
        globalStep++;
        step++;
        if (step == STEPS_PER_EPOCH) {
            step = 0;
            epoch++;
        }
    }

    /** Current values of every checkpointed array. */
    Map<String, float[]> snapshot() {
        Map<String, float[]> values = new LinkedHashMap<>();
        state.forEach((name, array) -> values.put(name, array.toType(DataType.FLOAT32, false)
                .toFloatArray()));
        return values;
    }

    /** Current values of one block's parameters, by parameter name. */
    static Map<String, float[]> values(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /**
     * Asserts {@code target = m * before + (1 - m) * online} for every learned parameter of the target;
     * batch-norm running statistics are the target's own and are skipped.
     */
    static void assertEmaStep(Block target, Map<String, float[]> before, Block online, double m) {
        Map<String, float[]> onlineNow = values(online);
        int checked = 0;
        for (Pair<String, Parameter> p : target.getParameters()) {
            if (!Networks.isLearned(p.getValue())) {
                continue;
            }
            float[] actual = p.getValue().getArray().toFloatArray();
            float[] old = before.get(p.getKey());
            float[] now = onlineNow.get(p.getKey());
            for (int i = 0; i < actual.length; i++) {
                assertThat((double) actual[i]).as("%s[%d]", p.getKey(), i)
                        .isCloseTo(m * old[i] + (1 - m) * now[i], within(1e-6));
            }
            checked++;
        }
        assertThat(checked).as("learned parameters compared").isPositive();
    }

    Path checkpoint(Path dir) {
        CheckpointMeta meta = new CheckpointMeta(CheckpointStore.FORMAT_VERSION, spec.method().name().id(),
                spec.backbone().id(), "test", epoch, step, globalStep, null);
        return new CheckpointStore(dir, 10).write(meta, state);
    }

    void restore(Path file) {
        try (NDManager scratch = manager.newSubManager()) {
            Checkpoint checkpoint = CheckpointStore.read(file, scratch);
            checkpoint.restoreInto(state);
            epoch = checkpoint.meta().nextEpoch();
            step = checkpoint.meta().nextStep();
            globalStep = checkpoint.meta().globalStep();
        }
    }

    @Override
    public void close() {
        manager.close();
        JniUtils.setGradMode(gradMode);
    }
}
