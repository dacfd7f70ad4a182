package dev.umbra.runner.eval;

/**
 * Eigenvalues of a real symmetric matrix: Householder reduction to tridiagonal form, then the
 * implicit QL iteration with Wilkinson-style shifts (Golub and Van Loan, Matrix Computations,
 * 8.3; Numerical Recipes' tqli). DJL exposes neither SVD nor eig; RankMe needs the spectrum of a
 * d x d Gram matrix (d <= 512), which this does in well under a second in doubles.
 */
final class SymmetricEigenvalues {

    private static final double EPS = 1e-15;
    private static final int MAX_SWEEPS_PER_EIGENVALUE = 60;

    private SymmetricEigenvalues() {
    }

    /** Eigenvalues of the symmetric {@code n x n} matrix given row-major (only its lower triangle is read). */
    static double[] of(double[] matrix, int n) {
        if (matrix.length != n * n) {
            throw new IllegalArgumentException("expected " + n * n + " entries, got " + matrix.length);
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = matrix[i * n + j];
                a[j][i] = matrix[i * n + j];
            }
        }
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalize(a, d, e);
        ql(d, e);
        return d;
    }

    /** Fills the diagonal {@code d} and sub-diagonal {@code e} (e[i] couples i and i + 1) of a similar tridiagonal matrix. */
    private static void tridiagonalize(double[][] a, double[] d, double[] e) {
        int n = a.length;
        double[] v = new double[n];
        double[] q = new double[n];
        for (int k = 0; k < n - 2; k++) {
            d[k] = a[k][k];
            double norm = 0;
            for (int i = k + 1; i < n; i++) {
                norm += a[i][k] * a[i][k];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                e[k] = 0;
                continue;
            }
            // v = x - alpha e1 with alpha of the opposite sign to x0, so nothing cancels.
            double alpha = a[k + 1][k] > 0 ? -norm : norm;
            double vv = 0;
            for (int i = k + 1; i < n; i++) {
                v[i] = a[i][k] - (i == k + 1 ? alpha : 0);
                vv += v[i] * v[i];
            }
            e[k] = alpha;
            double beta = 2 / vv;
            // Trailing block B <- H B H with H = I - beta v v^T: B - v q^T - q v^T, q = p - (beta/2)(v.p) v, p = beta B v.
            double vp = 0;
            for (int i = k + 1; i < n; i++) {
                double p = 0;
                for (int j = k + 1; j < n; j++) {
                    p += a[i][j] * v[j];
                }
                q[i] = beta * p;
                vp += v[i] * q[i];
            }
            double half = beta * vp / 2;
            for (int i = k + 1; i < n; i++) {
                q[i] -= half * v[i];
            }
            for (int i = k + 1; i < n; i++) {
                for (int j = k + 1; j < n; j++) {
                    a[i][j] -= v[i] * q[j] + q[i] * v[j];
                }
            }
        }
        if (n >= 2) {
            d[n - 2] = a[n - 2][n - 2];
            e[n - 2] = a[n - 1][n - 2];
        }
        d[n - 1] = a[n - 1][n - 1];
        e[n - 1] = 0;
    }

    /** Implicit QL on a symmetric tridiagonal matrix; leaves the eigenvalues in {@code d}. */
    private static void ql(double[] d, double[] e) {
        int n = d.length;
        for (int l = 0; l < n; l++) {
            int sweeps = 0;
            while (true) {
                int m = l;
                while (m < n - 1 && Math.abs(e[m]) > EPS * (Math.abs(d[m]) + Math.abs(d[m + 1]))) {
                    m++;
                }
                if (m == l) {
                    break;
                }
                if (++sweeps > MAX_SWEEPS_PER_EIGENVALUE) {
                    throw new ArithmeticException("QL iteration did not converge");
                }
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Math.hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                double s = 1;
                double c = 1;
                double p = 0;
                boolean underflow = false;
                for (int i = m - 1; i >= l; i--) {
                    double f = s * e[i];
                    double b = c * e[i];
                    r = Math.hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0) {
                        // The rotation vanished: the matrix split; restart on the smaller block.
                        d[i + 1] -= p;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                }
                if (!underflow) {
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            }
        }
    }
}
