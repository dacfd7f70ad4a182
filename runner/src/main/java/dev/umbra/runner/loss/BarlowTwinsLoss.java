package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;

/**
 * Barlow Twins (Zbontar et al. 2021, Alg. 1): the cross-correlation matrix of the two views'
 * embeddings, each standardised over the batch, is pushed towards the identity.
 *
 * <p>{@code C = bn(z1)^T bn(z2) / N}; {@code loss = scale * (sum_i (1 - C_ii)^2 + lambda sum_{i!=j} C_ij^2)}.
 * {@code bn} is batch normalisation without affine parameters, as in the reference code and
 * solo-learn: biased batch variance plus {@link #BN_EPS}.
 */
public final class BarlowTwinsLoss {

    /** The epsilon of PyTorch's {@code BatchNorm1d}, which the reference implementation uses. */
    public static final double BN_EPS = 1e-5;

    /**
     * @param total       {@code scale * (onDiagonal + lambda * offDiagonal)}, the value to minimise
     * @param onDiagonal  {@code sum_i (1 - C_ii)^2}, unscaled (invariance)
     * @param offDiagonal {@code sum_{i!=j} C_ij^2}, unscaled and unweighted (redundancy reduction)
     */
    public record Terms(NDArray total, NDArray onDiagonal, NDArray offDiagonal) {
    }

    private BarlowTwinsLoss() {
    }

    /**
     * @param z1     embeddings of view 1, shape (N, D)
     * @param z2     embeddings of view 2, shape (N, D)
     * @param lambda weight of the off-diagonal term
     * @param scale  overall scale of the loss
     */
    public static Terms loss(NDArray z1, NDArray z2, double lambda, double scale) {
        long n = z1.getShape().get(0);
        NDArray c = standardize(z1).transpose().matMul(standardize(z2)).div(n);
        NDArray diagonal = c.diagonal();
        NDArray onDiagonal = diagonal.sub(1).square().sum();
        NDArray offDiagonal = c.square().sum().sub(diagonal.square().sum());
        // Float coefficients: a double would promote the 0-d float32 terms to float64.
        NDArray total = onDiagonal.add(offDiagonal.mul((float) lambda)).mul((float) scale);
        return new Terms(total, onDiagonal, offDiagonal);
    }

    private static NDArray standardize(NDArray z) {
        NDArray centred = z.sub(z.mean(new int[] {0}, true));
        NDArray variance = centred.square().mean(new int[] {0}, true);
        return centred.div(variance.add(BN_EPS).sqrt());
    }
}
