import java.util.Arrays;

/** Latency percentiles of one phase, in milliseconds. */
record Percentiles(int n, double p50, double p90, double p95, double p99, double max) {

    static Percentiles ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, at(sorted, 50), at(sorted, 90), at(sorted, 95), at(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))] / 1e6;
    }

    @Override
    public String toString() {
        return String.format("p50 %.1f ms, p90 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n = %,d)", p50, p90, p95, p99, max, n);
    }
}
