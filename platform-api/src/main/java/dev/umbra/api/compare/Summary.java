package dev.umbra.api.compare;

/**
 * The seeds of one configuration, summarised: n, mean, sample standard deviation (n - 1 in the
 * denominator), min, max, and the 95 % confidence interval of the mean, mean +- t(0.975, n - 1) x
 * std / sqrt(n). With one value the spread and the interval are unknown (null).
 */
public record Summary(int n, double mean, Double std, double min, double max, Double ci95Low, Double ci95High) {

    public static Summary of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("nothing to summarise");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        Double std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : null;
        return fromMoments(values.length, mean, std, min, max);
    }

    /** From moments PostgreSQL computed ({@code avg}, {@code stddev_samp}, which is null for one value). */
    public static Summary fromMoments(int n, double mean, Double std, double min, double max) {
        if (n < 2 || std == null) {
            return new Summary(n, mean, null, min, max, null, null);
        }
        double halfWidth = StudentT.critical95(n - 1) * std / Math.sqrt(n);
        return new Summary(n, mean, std, min, max, mean - halfWidth, mean + halfWidth);
    }
}
