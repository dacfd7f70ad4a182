package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collapse diagnostics of two views' embeddings of one batch ({@code z1[i]} and {@code z2[i]}
 * come from the same image). All but RankMe use L2-normalised embeddings {@code u}:
 *
 * <ul>
 *   <li>{@code diag/embedding_std}: per-dimension std of {@code u} over both views, averaged over
 *       dimensions (SimSiam, Chen and He 2021): ~ 1/sqrt(d) when spread out, 0 when collapsed.</li>
 *   <li>{@code diag/rankme}: effective rank of the raw embeddings (Garrido et al. 2023),
 *       {@code exp(-sum p_k log p_k)} with {@code p_k = sigma_k / sum sigma + 1e-7} over the
 *       singular values of both views stacked; between 1 and min(2B, d).</li>
 *   <li>{@code diag/alignment}: {@code mean_i ||u1_i - u2_i||^2} (Wang and Isola 2020, alpha = 2); 0 is perfect.</li>
 *   <li>{@code diag/uniformity}: {@code log mean_{i != j} exp(-2 ||u_i - u_j||^2)} per view, averaged
 *       over the two views (t = 2); 0 when collapsed, more negative when spread out.</li>
 *   <li>{@code diag/energy_gap}: mean distance {@code ||u1_i - u2_j||} over non-matching pairs minus
 *       the mean over matching pairs: positive when views of one image sit closer than views of
 *       different images, 0 when everything collapsed to one point.</li>
 * </ul>
 */
public record CollapseDiagnostics(double embeddingStd, double rankMe, double alignment, double uniformity,
                                  double energyGap) {

    private static final double RANKME_EPS = 1e-7;
    private static final double UNIFORMITY_T = 2;

    /** Diagnostics of {@code B x d} embeddings of two views of the same B images. */
    public static CollapseDiagnostics measure(NDArray z1, NDArray z2) {
        if (!z1.getShape().equals(z2.getShape()) || z1.getShape().dimension() != 2 || z1.getShape().get(0) < 2) {
            throw new IllegalArgumentException("need two B x d views with B >= 2, got " + z1.getShape() + " and "
                    + z2.getShape());
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray a = z1.toType(DataType.FLOAT32, false);
            NDArray b = z2.toType(DataType.FLOAT32, false);
            NDArray both = a.concat(b, 0);
            NDArray u1 = a.normalize(2, 1, 1e-12);
            NDArray u2 = b.normalize(2, 1, 1e-12);
            NDArray u = u1.concat(u2, 0);

            long rows = u.getShape().get(0);
            NDArray centred = u.sub(u.mean(new int[] {0}, true));
            double std = centred.square().sum(new int[] {0}).div(rows - 1).sqrt().mean().getFloat();

            double alignment = u1.sub(u2).square().sum(new int[] {1}).mean().getFloat();
            double uniformity = (uniformity(u1) + uniformity(u2)) / 2;

            int n = Math.toIntExact(z1.getShape().get(0));
            NDArray distances = squaredDistances(u1, u2).maximum(0).sqrt();
            double total = distances.sum().getFloat();
            double matching = distances.diagonal().sum().getFloat();
            double gap = (total - matching) / ((double) n * (n - 1)) - matching / n;

            return new CollapseDiagnostics(std, rankMe(both), alignment, uniformity, gap);
        }
    }

    /** RankMe of the rows of {@code z} ({@code N x d}), from the spectrum of its Gram matrix in doubles. */
    public static double rankMe(NDArray z) {
        double[] eigenvalues;
        int side;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = z.toType(DataType.FLOAT64, true);
            boolean tall = z.getShape().get(0) >= z.getShape().get(1);
            // The smaller of X^T X and X X^T has the same non-zero spectrum and costs less to decompose.
            NDArray gram = tall ? x.transpose().matMul(x) : x.matMul(x.transpose());
            side = Math.toIntExact(gram.getShape().get(0));
            eigenvalues = SymmetricEigenvalues.of(gram.toDoubleArray(), side);
        }
        double[] sigma = new double[side];
        double sum = 0;
        for (int i = 0; i < side; i++) {
            sigma[i] = Math.sqrt(Math.max(eigenvalues[i], 0));
            sum += sigma[i];
        }
        if (sum == 0) {
            return 1;
        }
        double entropy = 0;
        for (double s : sigma) {
            double p = s / sum + RANKME_EPS;
            entropy -= p * Math.log(p);
        }
        return Math.exp(entropy);
    }

    /** The metrics under their {@code diag/...} keys, in a fixed order. */
    public Map<String, Double> toMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("diag/embedding_std", embeddingStd);
        metrics.put("diag/rankme", rankMe);
        metrics.put("diag/alignment", alignment);
        metrics.put("diag/uniformity", uniformity);
        metrics.put("diag/energy_gap", energyGap);
        return metrics;
    }

    private static double uniformity(NDArray u) {
        long n = u.getShape().get(0);
        NDArray kernel = squaredDistances(u, u).maximum(0).mul(-UNIFORMITY_T).exp();
        // The diagonal holds exp(0) = 1 per row; leave it out of the mean over distinct pairs.
        double offDiagonal = kernel.sum().getFloat() - kernel.diagonal().sum().getFloat();
        return Math.log(offDiagonal / ((double) n * (n - 1)));
    }

    /** {@code ||a_i - b_j||^2} for unit rows: {@code 2 - 2 a_i . b_j}. */
    private static NDArray squaredDistances(NDArray a, NDArray b) {
        return a.matMul(b.transpose()).mul(-2).add(2);
    }
}
