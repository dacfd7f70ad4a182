package dev.umbra.api.compare;

import dev.umbra.client.dto.MetricSummaryDto;
import dev.umbra.client.spec.Method;

/**
 * Whether two configurations are told apart on a metric: by their 95 % intervals of the mean over
 * seeds, one wholly above the other. Disjoint intervals are a stricter test than a t-test at 5 %, so
 * "apart" is a safe claim and "overlapping" means within noise. A configuration with a single seed
 * has no interval and decides nothing, except a seed-independent one (raw pixels), whose single run is
 * its exact value.
 */
final class Intervals {

    /** The order of two summaries. */
    enum Order {
        ABOVE, BELOW, OVERLAPPING, UNKNOWN
    }

    private Intervals() {
    }

    /** Where {@code a} (of method {@code methodA}) stands against {@code b} (of {@code methodB}). */
    static Order compare(MetricSummaryDto a, String methodA, MetricSummaryDto b, String methodB) {
        double[] ia = interval(a, methodA);
        double[] ib = interval(b, methodB);
        if (ia == null || ib == null) {
            return Order.UNKNOWN;
        }
        if (ia[0] > ib[1]) {
            return Order.ABOVE;
        }
        return ia[1] < ib[0] ? Order.BELOW : Order.OVERLAPPING;
    }

    private static double[] interval(MetricSummaryDto m, String method) {
        if (m.ci95Low() != null) {
            return new double[] {m.ci95Low(), m.ci95High()};
        }
        boolean exact = Method.fromId(method).map(Method::seedIndependent).orElse(false);
        return exact ? new double[] {m.mean(), m.mean()} : null;
    }
}
