package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Reconstruction losses of the predictive methods: the denoising autoencoder scores every pixel,
 * the masked autoencoder only the masked patches (He et al. 2022, sec. 3), optionally against
 * per-patch normalised targets.
 */
public final class ReconstructionLoss {

    /** Added to the patch variance before the square root when normalising targets (MAE code). */
    public static final double PATCH_NORM_EPS = 1e-6;

    private ReconstructionLoss() {
    }

    /**
     * Mean squared error over every element.
     *
     * @param reconstruction shape (N, C, H, W)
     * @param target         shape (N, C, H, W); detached here
     */
    public static NDArray meanSquaredError(NDArray reconstruction, NDArray target) {
        return reconstruction.sub(target.stopGradient()).square().mean();
    }

    /**
     * Mean squared error of the masked patches only: the per-patch mean of squared errors,
     * averaged over masked patches ({@code sum(loss_patch * mask) / sum(mask)}).
     *
     * @param reconstruction    shape (N, C, H, W)
     * @param target            shape (N, C, H, W), H and W multiples of {@code patchSize}; detached here
     * @param mask              shape (N, L) with L = (H/p)(W/p) patches in row-major order; 1 = masked
     * @param normalizeTargets  normalise each target patch by its mean and (unbiased) std first
     */
    public static NDArray maskedPatchError(NDArray reconstruction, NDArray target, NDArray mask, int patchSize,
                                           boolean normalizeTargets) {
        return maskedPatchErrorOfPatches(patchify(reconstruction, patchSize), target, mask, patchSize,
                normalizeTargets);
    }

    /**
     * {@link #maskedPatchError} for a prediction already in patches, as MAE's transformer decoder gives it.
     *
     * @param predictedPatches  shape (N, L, p*p*C), flattened as {@link #patchify} does
     * @param target            shape (N, C, H, W); detached here
     * @param mask              shape (N, L); 1 = masked
     */
    public static NDArray maskedPatchErrorOfPatches(NDArray predictedPatches, NDArray target, NDArray mask,
                                                    int patchSize, boolean normalizeTargets) {
        NDArray targetPatches = patchify(target.stopGradient(), patchSize);
        if (normalizeTargets) {
            long perPatch = targetPatches.getShape().get(2);
            NDArray mean = targetPatches.mean(new int[] {2}, true);
            NDArray centred = targetPatches.sub(mean);
            NDArray variance = centred.square().sum(new int[] {2}, true).div(perPatch - 1);
            targetPatches = centred.div(variance.add(PATCH_NORM_EPS).sqrt());
        }
        NDArray perPatchError = predictedPatches.sub(targetPatches).square().mean(new int[] {2});
        NDArray m = mask.stopGradient().toType(perPatchError.getDataType(), false);
        return perPatchError.mul(m).sum().div(m.sum());
    }

    /**
     * Cuts images into non-overlapping square patches.
     *
     * @param images shape (N, C, H, W)
     * @return shape (N, L, p*p*C), patches in row-major order, each flattened as (row, column, channel)
     */
    public static NDArray patchify(NDArray images, int patchSize) {
        Shape shape = images.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long h = shape.get(2);
        long w = shape.get(3);
        if (h % patchSize != 0 || w % patchSize != 0) {
            throw new IllegalArgumentException(
                    "image " + h + "x" + w + " is not a whole number of " + patchSize + "x" + patchSize + " patches");
        }
        long gh = h / patchSize;
        long gw = w / patchSize;
        return images.reshape(n, c, gh, patchSize, gw, patchSize)
                .transpose(0, 2, 4, 3, 5, 1)
                .reshape(n, gh * gw, (long) patchSize * patchSize * c);
    }
}
