package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.DinoLoss;
import dev.umbra.runner.nn.DinoHead;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.Layers;
import dev.umbra.runner.nn.Networks;
import dev.umbra.runner.nn.VisionTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * DINO (Caron et al. 2021): a student encoder + head is trained to match, on the other views, the
 * distribution of a teacher (an EMA of the student, cosine momentum schedule, flat at 0.99 by default)
 * that is centred by a running mean of its outputs and sharpened by a low temperature. With multi-crop
 * ({@code local_crops > 0}) the student also sees smaller local crops; the teacher sees the two global
 * views only.
 *
 * <p>Head: the reference's {@code DINOHead} ({@link DinoHead}: GELU MLP, truncated-normal init, L2
 * normalisation) then the prototypes, a Linear without bias whose rows are normalised in the forward
 * pass (the weight-normalised last layer with its norm fixed at 1). See {@code docs/methods.md} for
 * what was adapted to convnet features.
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
    private double teacherTemperatureStart;
    private long teacherWarmupSteps;
    private double centerMomentum;
    private LocalViews localViews;
    /** The teacher's logits of the current step, for the centre update after it. */
    private NDArray[] pendingTeacher;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        studentTemperature = p.getDouble("student_temperature");
        teacherTemperature = p.getDouble("teacher_temperature");
        teacherTemperatureStart = p.getDouble("teacher_temperature_warmup");
        teacherWarmupSteps = p.getInt("teacher_temperature_warmup_steps");
        centerMomentum = p.getDouble("center_momentum");
        momentum = MomentumSchedule.of(p);
        localViews = localViews(p, setup.imageShape(),
                setup.encoder().transformer().map(VisionTransformer::patchSize).orElse(1));
        int bottleneck = p.getInt("proj_bottleneck_dim");
        int numPrototypes = p.getInt("num_prototypes");
        Supplier<Block> newHead = () -> DinoHead.builder().setHidden(p.getInt("proj_hidden_dim"))
                .setBottleneck(bottleneck).optBatchNorm(p.getBool("use_bn_in_head"))
                .optInputNorm(p.getBool("head_input_norm")).build();
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

    /**
     * {@code local_crop_size} 0 means the paper's ratio, 96 px of a 224 px image, rounded to whole patches
     * of a transformer ({@code patchSize}; 1 for a ConvNet): 12 px of both 28 and 32 on {@code vit-tiny}.
     */
    static LocalViews localViews(Params p, Shape imageShape, int patchSize) {
        int count = p.getInt("local_crops");
        if (count == 0) {
            return LocalViews.NONE;
        }
        int size = p.getInt("local_crop_size");
        if (size == 0) {
            size = (int) Math.max(1, Math.round(imageShape.get(1) * 96.0 / 224 / patchSize)) * patchSize;
        }
        return new LocalViews(count, size, p.getDouble("local_crop_scale_min"), p.getDouble("local_crop_scale_max"));
    }

    @Override
    public LocalViews localViews() {
        return localViews;
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
        List<NDArray> students = new ArrayList<>();
        students.add(logits(step, step.encode(views.view1()), head, prototypes));
        students.add(logits(step, step.encode(views.view2()), head, prototypes));
        // Local views pass the encoder one by one: their size differs from the globals' (as the
        // reference's MultiCropWrapper groups views by resolution).
        for (NDArray local : views.localViews()) {
            students.add(logits(step, step.encode(local), head, prototypes));
        }
        NDArray t1 = logits(step, step.forward(teacherEncoder, views.view1()), teacherHead, teacherPrototypes);
        NDArray t2 = logits(step, step.forward(teacherEncoder, views.view2()), teacherHead, teacherPrototypes);
        pendingTeacher = new NDArray[] {t1.stopGradient(), t2.stopGradient()};
        return DinoLoss.loss(students, List.of(t1, t2), center, studentTemperature, teacherTemperature(step));
    }

    /** Linear warm-up from {@code teacher_temperature_warmup} to {@code teacher_temperature}, in steps. */
    double teacherTemperature(TrainingStep step) {
        if (step.globalStep() >= teacherWarmupSteps) {
            return teacherTemperature;
        }
        double f = (double) step.globalStep() / teacherWarmupSteps;
        return teacherTemperatureStart + f * (teacherTemperature - teacherTemperatureStart);
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
