package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;

/**
 * The prediction losses of BYOL and SimSiam: an online prediction {@code p} is pulled towards a
 * target projection {@code z} by cosine similarity.
 *
 * <p>Stop-gradient is applied here, to {@code z}: callers pass the target branch as computed and
 * never receive a gradient through it. Both formulations are the same objective up to an affine
 * map; they are kept apart so that logged values match the papers.
 */
public final class NegativeCosineLoss {

    /** Guards the L2 normalisation of an all-zero row (as PyTorch's {@code F.normalize}). */
    static final double NORM_EPS = 1e-12;

    private NegativeCosineLoss() {
    }

    /**
     * SimSiam (Chen and He 2021, Alg. 1): {@code -mean_i cos(p_i, sg(z_i))}; -1 for identical views.
     *
     * @param p predictions, shape (N, D)
     * @param z target projections, shape (N, D); detached here
     * @return a scalar
     */
    public static NDArray negativeCosine(NDArray p, NDArray z) {
        return meanCosine(p, z).neg();
    }

    /**
     * BYOL (Grill et al. 2020, eq. 2): the squared distance of L2-normalised vectors,
     * {@code mean_i (2 - 2 cos(p_i, sg(z_i)))}; 0 for identical views, 4 for opposite ones.
     *
     * @param p predictions, shape (N, D)
     * @param z target projections, shape (N, D); detached here
     * @return a scalar
     */
    public static NDArray normalizedSquaredError(NDArray p, NDArray z) {
        return meanCosine(p, z).mul(-2).add(2);
    }

    private static NDArray meanCosine(NDArray p, NDArray z) {
        NDArray pn = p.normalize(2, 1, NORM_EPS);
        NDArray zn = z.stopGradient().normalize(2, 1, NORM_EPS);
        return pn.mul(zn).sum(new int[] {1}).mean();
    }
}
