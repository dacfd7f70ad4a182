package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;

/**
 * VICReg (Bardes et al. 2022, Alg. 1): invariance, variance and covariance terms.
 *
 * <ul>
 *   <li>invariance: mean squared error between the views, averaged over N*D;</li>
 *   <li>variance: for each view, {@code mean_j max(0, 1 - sqrt(Var(z_j) + eps))} with the
 *       unbiased batch variance and {@link #STD_EPS}; the two views' terms are summed;</li>
 *   <li>covariance: for each view, the sum of the squared off-diagonal entries of the
 *       (unbiased) covariance matrix divided by D; the two views' terms are summed.</li>
 * </ul>
 * Summing the two views follows the paper's pseudo-code and solo-learn (the authors' repository
 * halves the variance term instead; the coefficients were tuned with the paper's form).
 */
public final class VicRegLoss {

    /** The epsilon inside the square root of the variance term (paper: 1e-4). */
    public static final double STD_EPS = 1e-4;

    /**
     * @param total       {@code sim * invariance + var * variance + cov * covariance}
     * @param invariance  the unweighted invariance term
     * @param variance    the unweighted variance term (both views)
     * @param covariance  the unweighted covariance term (both views)
     */
    public record Terms(NDArray total, NDArray invariance, NDArray variance, NDArray covariance) {
    }

    private VicRegLoss() {
    }

    /**
     * @param z1 embeddings of view 1, shape (N, D), N at least 2
     * @param z2 embeddings of view 2, shape (N, D)
     */
    public static Terms loss(NDArray z1, NDArray z2, double simCoeff, double varCoeff, double covCoeff) {
        NDArray invariance = z1.sub(z2).square().mean();
        NDArray variance = varianceHinge(z1).add(varianceHinge(z2));
        NDArray covariance = offDiagonalCovariance(z1).add(offDiagonalCovariance(z2));
        // Float coefficients: a double would promote the 0-d float32 terms to float64.
        NDArray total = invariance.mul((float) simCoeff).add(variance.mul((float) varCoeff))
                .add(covariance.mul((float) covCoeff));
        return new Terms(total, invariance, variance, covariance);
    }

    private static NDArray centred(NDArray z) {
        return z.sub(z.mean(new int[] {0}, true));
    }

    private static NDArray varianceHinge(NDArray z) {
        long n = z.getShape().get(0);
        NDArray variance = centred(z).square().sum(new int[] {0}).div(n - 1);
        return variance.add(STD_EPS).sqrt().neg().add(1).maximum(0).mean();
    }

    private static NDArray offDiagonalCovariance(NDArray z) {
        long n = z.getShape().get(0);
        long d = z.getShape().get(1);
        NDArray c = centred(z);
        NDArray cov = c.transpose().matMul(c).div(n - 1);
        return cov.square().sum().sub(cov.diagonal().square().sum()).div(d);
    }
}
