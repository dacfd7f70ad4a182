package dev.umbra.client.spec;

import static dev.umbra.client.spec.ParamDef.flag;
import static dev.umbra.client.spec.ParamDef.integer;
import static dev.umbra.client.spec.ParamDef.real;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The method zoo: every training method a run may name, with its parameters and defaults.
 *
 * <p>Defaults follow each paper and solo-learn's CIFAR configurations, with head widths scaled
 * down for 28x28 / 32x32 images and CPU budgets; {@code docs/methods.md} gives the source of
 * each value. The default optimizer and augmentation recipe are the method's own recommendation;
 * a spec may override both.
 */
public enum Method {

    // --- contrastive -------------------------------------------------------------------------
    /** Chen et al. 2020, NT-Xent over 2N-2 negatives. */
    SIMCLR("simclr", Family.CONTRASTIVE, Recipe.SIMCLR, OptimizerName.LARS, 0.4, 1e-5,
            real("temperature", 0.2, 1e-3, 10, "softmax temperature of NT-Xent"),
            integer("proj_hidden_dim", 512, 8, 16384, "projector hidden width"),
            integer("proj_output_dim", 128, 8, 16384, "projector output width")),
    /** He et al. 2020 / Chen et al. 2020b (v2): momentum key encoder and a queue of negatives. */
    MOCO_V2("moco-v2", Family.CONTRASTIVE, Recipe.SIMCLR, OptimizerName.SGD, 0.3, 1e-4,
            real("temperature", 0.2, 1e-3, 10, "softmax temperature of InfoNCE"),
            integer("queue_size", 4096, 16, 1_048_576, "negative keys kept in the queue"),
            real("momentum_base", 0.99, 0, 1, "EMA momentum of the key encoder at step 0"),
            real("momentum_final", 0.999, 0, 1, "EMA momentum at the last step (cosine schedule)"),
            integer("proj_hidden_dim", 512, 8, 16384, "projector hidden width"),
            integer("proj_output_dim", 128, 8, 16384, "projector output width")),

    // --- non-contrastive ---------------------------------------------------------------------
    /** Grill et al. 2020: EMA target, predictor, cosine momentum schedule. */
    BYOL("byol", Family.NON_CONTRASTIVE, Recipe.BYOL_ASYMMETRIC, OptimizerName.LARS, 1.0, 1e-5,
            real("momentum_base", 0.99, 0, 1, "EMA momentum of the target network at step 0"),
            real("momentum_final", 1.0, 0, 1, "EMA momentum at the last step (cosine schedule)"),
            integer("proj_hidden_dim", 1024, 8, 16384, "projector hidden width"),
            integer("proj_output_dim", 256, 8, 16384, "projector output width"),
            integer("pred_hidden_dim", 1024, 8, 16384, "predictor hidden width")),
    /** Chen and He 2021: stop-gradient and a bottleneck predictor. */
    SIMSIAM("simsiam", Family.NON_CONTRASTIVE, Recipe.SIMCLR, OptimizerName.SGD, 0.5, 1e-5,
            integer("proj_hidden_dim", 512, 8, 16384, "projector hidden width"),
            integer("proj_output_dim", 512, 8, 16384, "projector output width"),
            integer("pred_hidden_dim", 128, 8, 16384, "predictor bottleneck width")),
    /** Zbontar et al. 2021: cross-correlation towards the identity. */
    BARLOW_TWINS("barlow-twins", Family.NON_CONTRASTIVE, Recipe.BYOL_ASYMMETRIC, OptimizerName.LARS, 0.3, 1e-4,
            real("lambda", 0.0051, 0, 10, "weight of the off-diagonal (redundancy) term"),
            real("scale_loss", 0.1, 1e-6, 100, "overall loss scale (solo-learn, CIFAR)"),
            integer("proj_hidden_dim", 1024, 8, 16384, "projector hidden width"),
            integer("proj_output_dim", 1024, 8, 16384, "projector output width")),
    /** Bardes et al. 2022: invariance, variance and covariance terms (25/25/1). */
    VICREG("vicreg", Family.NON_CONTRASTIVE, Recipe.VICREG, OptimizerName.LARS, 0.3, 1e-4,
            real("sim_coeff", 25, 0, 1e4, "weight of the invariance (MSE) term"),
            real("var_coeff", 25, 0, 1e4, "weight of the variance hinge term"),
            real("cov_coeff", 1, 0, 1e4, "weight of the covariance term"),
            integer("proj_hidden_dim", 1024, 8, 16384, "projector hidden width"),
            integer("proj_output_dim", 1024, 8, 16384, "projector output width")),
    /** Caron et al. 2020: online clustering with prototypes, Sinkhorn-Knopp codes, swapped prediction. */
    SWAV("swav", Family.NON_CONTRASTIVE, Recipe.SIMCLR, OptimizerName.LARS, 0.6, 1e-6,
            integer("num_prototypes", 100, 2, 65536, "number of prototypes (cluster centres)"),
            real("temperature", 0.1, 1e-3, 10, "softmax temperature of the swapped prediction"),
            integer("sinkhorn_iterations", 3, 1, 100, "Sinkhorn-Knopp iterations"),
            real("sinkhorn_epsilon", 0.05, 1e-4, 10, "entropic regularisation of Sinkhorn-Knopp"),
            integer("freeze_prototypes_epochs", 1, 0, 1000, "epochs during which prototypes are not updated"),
            integer("proj_hidden_dim", 512, 8, 16384, "projector hidden width"),
            integer("proj_output_dim", 128, 8, 16384, "projector output width")),
    /**
     * Caron et al. 2021: self-distillation with a centred, sharpened EMA teacher. The teacher's momentum
     * stays at 0.99 by default, where the references ramp it to 1 over hundreds of epochs: on runs of up
     * to a few thousand steps the ramp freezes the teacher (past 0.998, an averaging window of some 500
     * steps, from 70 % of the run on) before the student has left DINO's starting plateau at ln K.
     * The head is the paper's (GELU, 2048/256, truncated-normal init) with the reference's
     * {@code use_bn_in_head} on, which leaves the plateau sooner on convnet features; multi-crop is off
     * by default ({@code local_crops} 0).
     */
    DINO("dino", Family.NON_CONTRASTIVE, Recipe.BYOL_ASYMMETRIC, OptimizerName.LARS, 0.3, 1e-6,
            integer("num_prototypes", 1024, 2, 65536, "output dimension of the DINO head"),
            real("student_temperature", 0.1, 1e-3, 10, "softmax temperature of the student"),
            real("teacher_temperature", 0.04, 1e-3, 10, "softmax temperature of the teacher (sharpening)"),
            real("center_momentum", 0.9, 0, 1, "EMA momentum of the teacher centre"),
            real("momentum_base", 0.99, 0, 1, "EMA momentum of the teacher at step 0"),
            real("momentum_final", 0.99, 0, 1, "EMA momentum at the last step (cosine schedule; 1.0 for long runs)"),
            real("teacher_temperature_warmup", 0.04, 1e-3, 10, "teacher temperature at step 0, warmed up linearly to teacher_temperature"),
            integer("teacher_temperature_warmup_steps", 0, 0, 10_000_000, "steps of the teacher temperature warm-up (0: none)"),
            integer("proj_hidden_dim", 2048, 8, 16384, "head hidden width"),
            integer("proj_bottleneck_dim", 256, 8, 16384, "head bottleneck width before the prototypes"),
            flag("use_bn_in_head", true, "batch norm after the head's hidden Linears (the reference's use_bn_in_head; on for convnet features)"),
            flag("head_input_norm", false, "LayerNorm without affine on the features entering the head"),
            integer("local_crops", 0, 0, 16, "multi-crop: local views per image, seen by the student only"),
            integer("local_crop_size", 0, 0, 1024, "side of a local view in px (0: round(image side x 96/224))"),
            real("local_crop_scale_min", 0.05, 0.01, 1, "smallest area fraction of a local crop"),
            real("local_crop_scale_max", 0.4, 0.01, 1, "largest area fraction of a local crop")),

    // --- predictive --------------------------------------------------------------------------
    /** Vincent et al. 2008: reconstruct the clean image from a noisy one. */
    DAE("dae", Family.PREDICTIVE, Recipe.WEAK, OptimizerName.ADAMW, 1e-3, 1e-4,
            real("noise_std", 0.5, 0, 10, "std of the Gaussian noise added to the normalised input")),
    /** He et al. 2022, adapted to a ConvNet: mask square patches, reconstruct the masked pixels. */
    MAE("mae", Family.PREDICTIVE, Recipe.WEAK, OptimizerName.ADAMW, 1e-3, 0.05,
            real("mask_ratio", 0.75, 0, 0.99, "fraction of patches masked"),
            integer("patch_size", 4, 1, 64, "side of a square masked patch, in pixels"),
            flag("norm_pix_loss", false, "normalise each target patch by its mean and std")),

    // --- baselines ---------------------------------------------------------------------------
    /** No training: the backbone at its seeded initialisation. */
    RANDOM_INIT("random-init", Family.BASELINE, Recipe.NONE, OptimizerName.SGD, 0.0, 0.0),
    /**
     * No encoder: the probes read the normalised pixels themselves. The floor a learned representation
     * must clear to be worth having (a linear model or kNN on pixels is already strong on digits and
     * clothing). The spec's backbone is ignored.
     */
    RAW_PIXELS("raw-pixels", Family.BASELINE, Recipe.NONE, OptimizerName.SGD, 0.0, 0.0),
    /** Cross-entropy on the labels: the upper reference for the probes. */
    SUPERVISED("supervised", Family.BASELINE, Recipe.WEAK, OptimizerName.SGD, 0.1, 5e-4,
            real("label_smoothing", 0.0, 0, 0.99, "label smoothing of the cross-entropy"));

    public enum Family { CONTRASTIVE, NON_CONTRASTIVE, PREDICTIVE, BASELINE }

    private final String id;
    private final Family family;
    private final Recipe defaultRecipe;
    private final OptimizerName defaultOptimizer;
    private final double defaultLr;
    private final double defaultWeightDecay;
    private final List<ParamDef> params;

    Method(String id, Family family, Recipe defaultRecipe, OptimizerName defaultOptimizer,
           double defaultLr, double defaultWeightDecay, ParamDef... params) {
        this.id = id;
        this.family = family;
        this.defaultRecipe = defaultRecipe;
        this.defaultOptimizer = defaultOptimizer;
        this.defaultLr = defaultLr;
        this.defaultWeightDecay = defaultWeightDecay;
        this.params = List.of(params);
    }

    public String id() {
        return id;
    }

    public Family family() {
        return family;
    }

    public Recipe defaultRecipe() {
        return defaultRecipe;
    }

    public OptimizerName defaultOptimizer() {
        return defaultOptimizer;
    }

    /** Peak learning rate for a batch of 256 (scaled linearly with the batch size). */
    public double defaultLr() {
        return defaultLr;
    }

    public double defaultWeightDecay() {
        return defaultWeightDecay;
    }

    public List<ParamDef> params() {
        return params;
    }

    /** Whether the method trains at all (random-init and raw-pixels do not). */
    public boolean trains() {
        return this != RANDOM_INIT && this != RAW_PIXELS;
    }

    /**
     * Whether its results do not depend on the seed (nothing is trained or drawn at random; every
     * protocol seeds its own subsets and splits), so that one run is the exact value.
     */
    public boolean seedIndependent() {
        return this == RAW_PIXELS;
    }

    /** Whether the method reads labels during training. */
    public boolean usesLabels() {
        return this == SUPERVISED;
    }

    public static Optional<Method> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Method::id).toList();
    }
}
