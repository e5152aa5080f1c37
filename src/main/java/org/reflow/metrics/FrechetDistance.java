package org.reflow.metrics;

import org.reflow.data.Points;

/**
 * The Fréchet distance between two sample sets, each summarised by its mean and covariance: the
 * squared W2 distance between the Gaussians of those moments (Dowson & Landau 1982), which FID
 * (Heusel et al. 2017) computes in Inception features and reflow in its own classifier's.
 * FD = ‖μ1 − μ2‖² + tr(Σ1) + tr(Σ2) − 2 tr((Σ1^½ Σ2 Σ1^½)^½). Double precision throughout; the
 * matrix square roots come from symmetric eigen-decompositions ({@link SymmetricEigen}), so no
 * complex parts arise as they do from a general matrix square root of Σ1 Σ2.
 */
public final class FrechetDistance {

  /**
   * The first two moments of a sample.
   *
   * @param covariance the unbiased sample covariance (divisor count − 1)
   */
  public record Moments(int count, double[] mean, double[][] covariance) {

    /** The moments of {@code points} (at least two). */
    public static Moments of(Points points) {
      int n = points.count();
      int d = points.dim();
      if (n < 2) {
        throw new IllegalArgumentException("a covariance needs at least 2 points, got " + n);
      }
      float[] x = points.values();
      double[] mean = new double[d];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < d; k++) {
          mean[k] += x[i * d + k];
        }
      }
      for (int k = 0; k < d; k++) {
        mean[k] /= n;
      }
      double[][] cov = new double[d][d];
      double[] centred = new double[d];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < d; k++) {
          centred[k] = x[i * d + k] - mean[k];
        }
        for (int a = 0; a < d; a++) {
          double ca = centred[a];
          double[] row = cov[a];
          for (int b = a; b < d; b++) {
            row[b] += ca * centred[b];
          }
        }
      }
      for (int a = 0; a < d; a++) {
        for (int b = a; b < d; b++) {
          cov[a][b] /= n - 1;
          cov[b][a] = cov[a][b];
        }
      }
      return new Moments(n, mean, cov);
    }

    public int dim() {
      return mean.length;
    }
  }

  private FrechetDistance() {}

  /** FD between the moments of two samples. */
  public static double of(Points a, Points b) {
    Require.comparable(a, b, "the Fréchet distance");
    return of(Moments.of(a), Moments.of(b));
  }

  /** FD = ‖μ1 − μ2‖² + tr Σ1 + tr Σ2 − 2 tr((Σ1^½ Σ2 Σ1^½)^½). */
  public static double of(Moments a, Moments b) {
    int d = a.dim();
    if (b.dim() != d) {
      throw new IllegalArgumentException("the Fréchet distance needs moments of one dimension, got " + d + " and " + b.dim());
    }
    double meanTerm = 0;
    double traces = 0;
    for (int k = 0; k < d; k++) {
      double diff = a.mean()[k] - b.mean()[k];
      meanTerm += diff * diff;
      traces += a.covariance()[k][k] + b.covariance()[k][k];
    }
    double[][] root = SymmetricEigen.of(a.covariance()).applySqrt();
    double[][] inner = product(product(root, b.covariance()), root);
    double traceOfRoot = 0;
    for (double value : SymmetricEigen.of(symmetrised(inner)).values()) {
      traceOfRoot += Math.sqrt(Math.max(value, 0));
    }
    // Rounding can leave a distance of identical moments a hair below zero.
    return Math.max(0, meanTerm + traces - 2 * traceOfRoot);
  }

  private static double[][] product(double[][] x, double[][] y) {
    int n = x.length;
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double xik = x[i][k];
        for (int j = 0; j < n; j++) {
          out[i][j] += xik * y[k][j];
        }
      }
    }
    return out;
  }

  private static double[][] symmetrised(double[][] m) {
    int n = m.length;
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i][j] = (m[i][j] + m[j][i]) / 2;
      }
    }
    return out;
  }
}
