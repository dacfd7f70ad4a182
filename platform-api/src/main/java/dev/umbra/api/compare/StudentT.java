package dev.umbra.api.compare;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Student's t distribution: the CDF through the regularised incomplete beta function, and the
 * two-sided 95 % critical value by inverting it. Written here (no statistics library on the
 * classpath); checked against published tables in the tests.
 */
public final class StudentT {

    private static final ConcurrentMap<Integer, Double> CRITICAL_95 = new ConcurrentHashMap<>();

    private StudentT() {
    }

    /** P(T <= t) for T with {@code df} degrees of freedom. */
    public static double cdf(double t, double df) {
        if (df <= 0) {
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
        }
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1.0 : 0.0;
        }
        // P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t^2)
        double tail = regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
        return t > 0 ? 1.0 - tail / 2.0 : tail / 2.0;
    }

    /** Two-sided p-value of a t statistic: P(|T| >= |t|). */
    public static double twoSidedP(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        return regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
    }

    /** The t with P(|T| <= t) = 0.95: the half-width of a 95 % interval is this times the standard error. */
    public static double critical95(int df) {
        return CRITICAL_95.computeIfAbsent(df, StudentT::solveCritical95);
    }

    private static double solveCritical95(int df) {
        double lo = 0;
        double hi = 1000; // the df = 1 value is 12.706
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            double mid = (lo + hi) / 2;
            if (cdf(mid, df) < 0.975) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** I_x(a, b), by the continued fraction (modified Lentz), using the symmetry that keeps it convergent. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0.0;
        }
        if (x >= 1) {
            return 1.0;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1.0 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double c = 1.0;
        double d = 1.0 - (a + b) * x / (a + 1);
        d = 1.0 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 500; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1.0 + even * d;
            d = 1.0 / (Math.abs(d) < tiny ? tiny : d);
            c = 1.0 + even / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1.0 + odd * d;
            d = 1.0 / (Math.abs(d) < tiny ? tiny : d);
            c = 1.0 + odd / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1.0) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Gamma(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 significant digits). */
    static double logGamma(double x) {
        if (x < 0.5) {
            // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] coefficients = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        double z = x - 1;
        double sum = coefficients[0];
        for (int i = 1; i < coefficients.length; i++) {
            sum += coefficients[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
