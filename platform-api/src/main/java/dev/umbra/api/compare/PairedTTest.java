package dev.umbra.api.compare;

/**
 * A paired t-test of {@code b - a} over matching seeds: the mean difference, its 95 % interval,
 * t = mean / (std / sqrt(n)) with n - 1 degrees of freedom, and the two-sided p-value. Pairing by
 * seed removes the seed-to-seed variance both configurations share (same data order and
 * initialisation), which is what makes a small difference between two methods detectable.
 *
 * @param t      null when undefined: fewer than two pairs, or no spread in the differences
 * @param pValue null with fewer than two pairs; 1 when every difference is 0, 0 when all are equal and not 0
 */
public record PairedTTest(int pairs, double meanDifference, Double stdDifference, Double t, Integer df, Double pValue,
                          Double ci95Low, Double ci95High) {

    public static PairedTTest of(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need the same number of paired values, at least one");
        }
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = b[i] - a[i];
        }
        Summary d = Summary.of(differences);
        if (d.n() < 2) {
            return new PairedTTest(d.n(), d.mean(), null, null, null, null, null, null);
        }
        int df = d.n() - 1;
        if (d.std() == 0) {
            return new PairedTTest(d.n(), d.mean(), 0.0, null, df, d.mean() == 0 ? 1.0 : 0.0, d.mean(), d.mean());
        }
        double t = d.mean() / (d.std() / Math.sqrt(d.n()));
        return new PairedTTest(d.n(), d.mean(), d.std(), t, df, StudentT.twoSidedP(t, df), d.ci95Low(), d.ci95High());
    }
}
