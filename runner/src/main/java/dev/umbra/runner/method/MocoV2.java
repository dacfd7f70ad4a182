package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.InfoNceLoss;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.MlpHead;
import dev.umbra.runner.nn.Networks;
import java.util.Map;
import java.util.function.Supplier;

/**
 * MoCo v2 (He et al. 2020; Chen et al. 2020b): queries from the online encoder + projector are
 * matched to keys from a momentum encoder + projector, against a queue of keys from earlier
 * batches. The loss is symmetrised over the two views (as in solo-learn's MoCo v2+); both views'
 * keys then enter one queue.
 *
 * <p>Projector: Linear-ReLU-Linear without batch norm (the MoCo v2 head). The queue starts as random
 * unit vectors, a checkpointed buffer. Its write position needs no state: with a constant batch size
 * it is {@code globalStep * 2B mod K}, so a resumed run writes where the uninterrupted one would.
 */
public final class MocoV2 implements SslMethod {

    private Block projector;
    private Encoder momentumEncoder;
    private Block momentumProjector;
    private MomentumSchedule momentum;
    private double temperature;
    private NDArray queue;
    /** Keys of the current step, enqueued after the update. */
    private NDArray pendingKeys;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        temperature = p.getDouble("temperature");
        momentum = MomentumSchedule.of(p);
        int out = p.getInt("proj_output_dim");
        Supplier<Block> newProjector = () -> MlpHead.builder()
                .addHidden(p.getInt("proj_hidden_dim")).optHiddenBatchNorm(false).setOutput(out).build();
        projector = setup.initializeOnFeatures(newProjector.get());
        momentumEncoder = setup.frozenEncoderCopy();
        momentumProjector = Networks.frozenCopy(newProjector.get(), projector, setup.manager(),
                new Shape(2, setup.encoder().featureDim()));
        // Drawn from the engine's generator, which the loop seeds from the run seed before build.
        try (NDArray random = setup.manager().randomNormal(new Shape(p.getInt("queue_size"), out))) {
            queue = random.normalize(2, 1);
        }
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("projector", projector, "momentum_encoder", momentumEncoder,
                "momentum_projector", momentumProjector);
    }

    @Override
    public Map<String, NDArray> buffers() {
        return Map.of("queue", queue);
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray q1 = step.forward(projector, step.encode(views.view1()));
        NDArray q2 = step.forward(projector, step.encode(views.view2()));
        NDArray k1 = step.forward(momentumProjector, step.forward(momentumEncoder, views.view1())).stopGradient();
        NDArray k2 = step.forward(momentumProjector, step.forward(momentumEncoder, views.view2())).stopGradient();
        pendingKeys = k1.concat(k2, 0).normalize(2, 1);
        return InfoNceLoss.loss(q1, k2, queue, temperature).add(InfoNceLoss.loss(q2, k1, queue, temperature)).div(2);
    }

    @Override
    public void afterUpdate(TrainingStep step) {
        double m = momentum.at(step);
        Networks.emaUpdate(momentumEncoder, step.encoder(), m);
        Networks.emaUpdate(momentumProjector, projector, m);
        enqueue(pendingKeys, step.globalStep());
        pendingKeys = null;
    }

    /** Writes {@code keys} into the ring buffer at the position of {@code globalStep}, wrapping around. */
    private void enqueue(NDArray keys, long globalStep) {
        long size = queue.getShape().get(0);
        long count = keys.getShape().get(0);
        if (count >= size) {
            keys.get(new NDIndex("{}:", count - size)).copyTo(queue);
            return;
        }
        long start = Math.floorMod(globalStep * count, size);
        long first = Math.min(count, size - start);
        queue.set(new NDIndex("{}:{}", start, start + first), keys.get(new NDIndex("0:{}", first)));
        if (first < count) {
            queue.set(new NDIndex("0:{}", count - first), keys.get(new NDIndex("{}:", first)));
        }
    }
}
