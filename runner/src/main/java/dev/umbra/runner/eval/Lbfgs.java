package dev.umbra.runner.eval;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithms 7.4 and 7.5) with a
 * backtracking Armijo line search. DJL has no L-BFGS; the probe's parameters are small (d x C +
 * C numbers), so the vector algebra runs here in doubles and only the objective touches tensors.
 *
 * <p>For the strictly convex objectives it is used on (L2-regularised logistic regression) the
 * curvature {@code s.y} is positive, so the Armijo condition alone keeps the updates well defined;
 * pairs with {@code s.y <= 0} (float noise) are skipped.
 */
final class Lbfgs {

    /** f(x); writes the gradient at x into {@code gradient}. */
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    /** Why the minimiser stopped. */
    enum Stop {
        /** The largest gradient component fell to the tolerance. */
        GRADIENT_TOLERANCE,
        /** No step decreased f enough, or a step decreased it by less than {@link #RELATIVE_LOSS_TOLERANCE}: the float noise floor. */
        NO_PROGRESS,
        /** The iteration budget ran out. */
        MAX_ITERATIONS
    }

    record Result(double[] x, double value, int iterations, int evaluations, Stop stop) {
    }

    /**
     * A step that lowers f by less than this fraction of |f| ends the run: objectives evaluated in
     * float32 carry noise of about 1e-7 relative, below which the Armijo test only sees noise.
     */
    static final double RELATIVE_LOSS_TOLERANCE = 1e-7;

    static final double ARMIJO = 1e-4;
    static final int MAX_LINE_SEARCH = 10;

    private final int history;
    private final int maxIterations;
    private final double gradientTolerance;

    Lbfgs(int history, int maxIterations, double gradientTolerance) {
        if (history < 1 || maxIterations < 1 || !(gradientTolerance > 0)) {
            throw new IllegalArgumentException("history and maxIterations must be >= 1, tolerance > 0");
        }
        this.history = history;
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
    }

    Result minimize(Objective f, double[] start) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        int evaluations = 1;

        double[][] s = new double[history][];
        double[][] y = new double[history][];
        double[] rho = new double[history];
        double[] alpha = new double[history];
        int stored = 0;
        int newest = -1;

        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int iteration = 0;
        Stop stop = Stop.MAX_ITERATIONS;
        while (iteration < maxIterations) {
            if (normInf(g) <= gradientTolerance) {
                stop = Stop.GRADIENT_TOLERANCE;
                break;
            }
            iteration++;

            // Two-loop recursion: d = -H g.
            double[] d = g.clone();
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, history);
                alpha[i] = rho[i] * dot(s[i], d);
                axpy(-alpha[i], y[i], d);
            }
            double gamma = stored > 0
                    ? dot(s[newest], y[newest]) / dot(y[newest], y[newest])
                    : 1.0 / Math.sqrt(dot(g, g));
            scale(gamma, d);
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, history);
                double beta = rho[i] * dot(y[i], d);
                axpy(alpha[i] - beta, s[i], d);
            }
            scale(-1, d);
            double slope = dot(g, d);
            if (slope >= 0) {
                // Not a descent direction (stale curvature): restart from steepest descent.
                stored = 0;
                d = g.clone();
                scale(-1.0 / Math.sqrt(dot(g, g)), d);
                slope = dot(g, d);
            }

            double step = 1;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < MAX_LINE_SEARCH; ls++) {
                for (int j = 0; j < n; j++) {
                    xNew[j] = x[j] + step * d[j];
                }
                fNew = f.evaluate(xNew, gNew);
                evaluations++;
                if (fNew <= fx + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                // Minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] x step.
                double quadratic = -slope * step * step / (2 * (fNew - fx - slope * step));
                step = Double.isFinite(quadratic) ? Math.max(0.1 * step, Math.min(0.5 * step, quadratic)) : 0.5 * step;
            }
            if (!accepted) {
                stop = Stop.NO_PROGRESS;
                break;
            }

            boolean stalled = fx - fNew <= RELATIVE_LOSS_TOLERANCE * Math.max(1, Math.abs(fx));

            int slot = (newest + 1) % history;
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int j = 0; j < n; j++) {
                sk[j] = xNew[j] - x[j];
                yk[j] = gNew[j] - g[j];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
                s[slot] = sk;
                y[slot] = yk;
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.min(stored + 1, history);
            }
            double[] swap = x;
            x = xNew;
            xNew = swap;
            swap = g;
            g = gNew;
            gNew = swap;
            fx = fNew;
            if (stalled) {
                stop = normInf(g) <= gradientTolerance ? Stop.GRADIENT_TOLERANCE : Stop.NO_PROGRESS;
                break;
            }
        }
        if (stop == Stop.MAX_ITERATIONS && normInf(g) <= gradientTolerance) {
            stop = Stop.GRADIENT_TOLERANCE;
        }
        return new Result(x, fx, iteration, evaluations, stop);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double normInf(double[] x) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
