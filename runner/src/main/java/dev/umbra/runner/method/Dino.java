package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.DinoLoss;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.Layers;
import dev.umbra.runner.nn.MlpHead;
import dev.umbra.runner.nn.Networks;
import java.util.Map;
import java.util.function.Supplier;

/**
 * DINO (Caron et al. 2021) with the two global views (no multi-crop): a student encoder + head is
 * trained to match, on the other view, the distribution of a teacher (an EMA of the student, cosine
 * momentum schedule, flat at 0.99 by default) that is centred by a running mean of its outputs and
 * sharpened by a low temperature.
 *
 * <p>Head: an MLP (two hidden Linear-ReLU layers without batch norm, then the bottleneck Linear),
 * L2 normalisation, then the prototypes: a Linear without bias whose rows are normalised in the
 * forward pass (DINO's weight-normalised last layer with its norm fixed at 1). With the reference's GELU
 * and truncated-normal init the loss left its plateau later, or not at all, on these convnets' features
 * ({@code docs/methods.md}), so the shared head's ReLU and Xavier init serve. The teacher temperature is
 * constant (the reference warms it up from 0.04 to 0.07).
 */
public final class Dino implements SslMethod {

    private Block head;
    private Block prototypes;
    private Encoder teacherEncoder;
    private Block teacherHead;
    private Block teacherPrototypes;
    private NDArray center;
    private MomentumSchedule momentum;
    private double studentTemperature;
    private double teacherTemperature;
    private double centerMomentum;
    /** The teacher's logits of the current step, for the centre update after it. */
    private NDArray[] pendingTeacher;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        studentTemperature = p.getDouble("student_temperature");
        teacherTemperature = p.getDouble("teacher_temperature");
        centerMomentum = p.getDouble("center_momentum");
        momentum = MomentumSchedule.of(p);
        int hidden = p.getInt("proj_hidden_dim");
        int bottleneck = p.getInt("proj_bottleneck_dim");
        int numPrototypes = p.getInt("num_prototypes");
        Supplier<Block> newHead = () -> MlpHead.builder()
                .addHidden(hidden).addHidden(hidden).optHiddenBatchNorm(false).setOutput(bottleneck).build();
        Shape features = new Shape(2, setup.encoder().featureDim());
        Shape bottleneckShape = new Shape(2, bottleneck);
        head = setup.initialize(newHead.get(), features);
        prototypes = setup.initialize(Layers.linear(numPrototypes, false), bottleneckShape);
        teacherEncoder = setup.frozenEncoderCopy();
        teacherHead = Networks.frozenCopy(newHead.get(), head, setup.manager(), features);
        teacherPrototypes = Networks.frozenCopy(Layers.linear(numPrototypes, false), prototypes, setup.manager(),
                bottleneckShape);
        center = setup.manager().zeros(new Shape(1, numPrototypes));
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("head", head, "prototypes", prototypes, "teacher_encoder", teacherEncoder,
                "teacher_head", teacherHead, "teacher_prototypes", teacherPrototypes);
    }

    @Override
    public Map<String, NDArray> buffers() {
        return Map.of("center", center);
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray s1 = logits(step, step.encode(views.view1()), head, prototypes);
        NDArray s2 = logits(step, step.encode(views.view2()), head, prototypes);
        NDArray t1 = logits(step, step.forward(teacherEncoder, views.view1()), teacherHead, teacherPrototypes);
        NDArray t2 = logits(step, step.forward(teacherEncoder, views.view2()), teacherHead, teacherPrototypes);
        pendingTeacher = new NDArray[] {t1.stopGradient(), t2.stopGradient()};
        return DinoLoss.loss(s1, s2, t1, t2, center, studentTemperature, teacherTemperature);
    }

    @Override
    public void afterUpdate(TrainingStep step) {
        double m = momentum.at(step);
        Networks.emaUpdate(teacherEncoder, step.encoder(), m);
        Networks.emaUpdate(teacherHead, head, m);
        Networks.emaUpdate(teacherPrototypes, prototypes, m);
        DinoLoss.updatedCenter(center, pendingTeacher[0], pendingTeacher[1], centerMomentum).copyTo(center);
        pendingTeacher = null;
    }

    /** head, L2 normalisation, then cosine scores against the normalised prototype rows. */
    private static NDArray logits(TrainingStep step, NDArray features, Block head, Block prototypes) {
        NDArray z = step.forward(head, features).normalize(2, 1);
        Parameter weight = prototypes.getParameters().valueAt(0);
        NDArray w = step.parameterStore().getValue(weight, z.getDevice(), true).normalize(2, 1);
        return z.matMul(w.transpose());
    }
}
