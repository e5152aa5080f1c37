package org.reflow.metrics;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method, in double
 * precision: rotations zero the off-diagonal entries one pair at a time until they are negligible.
 * Plain loops in a fixed order, so the result is the same bits on every machine and thread count.
 * Quadratic convergence makes a handful of sweeps enough for the few hundred dimensions the
 * Fréchet distance sees.
 *
 * @param values the eigenvalues, ascending
 * @param vectors column j is the unit eigenvector of {@code values[j]}: {@code vectors[i][j]}
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

  private static final int MAX_SWEEPS = 100;

  /** Decomposes {@code a} (left untouched); only its upper triangle is read. */
  public static SymmetricEigen of(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][n];
    double[][] v = new double[n][n];
    double scale = 0;
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("an eigen-decomposition needs a square matrix, row " + i + " has "
            + a[i].length + " entries, not " + n);
      }
      for (int j = 0; j < n; j++) {
        m[i][j] = i <= j ? a[i][j] : a[j][i];
        scale = Math.max(scale, Math.abs(m[i][j]));
      }
      v[i][i] = 1;
    }
    double tolerance = scale * 1e-15;
    for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m) > tolerance * tolerance * n * n; sweep++) {
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (Math.abs(m[p][q]) > Double.MIN_NORMAL) {
            rotate(m, v, p, q);
          }
        }
      }
    }
    return sorted(m, v);
  }

  /** The sum of squared off-diagonal entries. */
  private static double offDiagonal(double[][] m) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = i + 1; j < m.length; j++) {
        s += m[i][j] * m[i][j];
      }
    }
    return s;
  }

  /** The Jacobi rotation in the (p, q) plane that zeroes m[p][q] (Golub & Van Loan, Algorithm 8.5.1). */
  private static void rotate(double[][] m, double[][] v, int p, int q) {
    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    int n = m.length;
    for (int k = 0; k < n; k++) {
      double mkp = m[k][p];
      double mkq = m[k][q];
      m[k][p] = c * mkp - s * mkq;
      m[k][q] = s * mkp + c * mkq;
    }
    for (int k = 0; k < n; k++) {
      double mpk = m[p][k];
      double mqk = m[q][k];
      m[p][k] = c * mpk - s * mqk;
      m[q][k] = s * mpk + c * mqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  private static SymmetricEigen sorted(double[][] m, double[][] v) {
    int n = m.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(m[x][x], m[y][y]));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int j = 0; j < n; j++) {
      values[j] = m[order[j]][order[j]];
      for (int i = 0; i < n; i++) {
        vectors[i][j] = v[i][order[j]];
      }
    }
    return new SymmetricEigen(values, vectors);
  }

  /** V f(Λ) Vᵀ with f applied to each eigenvalue; negative rounding noise is clamped to 0 first. */
  public double[][] applySqrt() {
    int n = values.length;
    double[] f = new double[n];
    for (int j = 0; j < n; j++) {
      f[j] = Math.sqrt(Math.max(values[j], 0));
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = i; k < n; k++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += vectors[i][j] * f[j] * vectors[k][j];
        }
        out[i][k] = s;
        out[k][i] = s;
      }
    }
    return out;
  }
}
