package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reflow.data.Points;
import org.reflow.metrics.FrechetDistance.Moments;
import org.reflow.rand.Rng;

class FrechetDistanceTest {

  /** A random rotation of R^d: Gram–Schmidt on Gaussian columns. */
  private static double[][] rotation(int d, Rng rng) {
    double[][] q = new double[d][d];
    for (int j = 0; j < d; j++) {
      double[] col = new double[d];
      for (int i = 0; i < d; i++) {
        col[i] = rng.nextGaussian();
      }
      for (int k = 0; k < j; k++) {
        double dot = 0;
        for (int i = 0; i < d; i++) {
          dot += col[i] * q[i][k];
        }
        for (int i = 0; i < d; i++) {
          col[i] -= dot * q[i][k];
        }
      }
      double norm = 0;
      for (double c : col) {
        norm += c * c;
      }
      for (int i = 0; i < d; i++) {
        q[i][j] = col[i] / Math.sqrt(norm);
      }
    }
    return q;
  }

  /** R diag(values) Rᵀ. */
  private static double[][] rotated(double[][] r, double[] values) {
    int d = values.length;
    double[][] out = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          out[i][j] += r[i][k] * values[k] * r[j][k];
        }
      }
    }
    return out;
  }

  private static double[][] diagonal(double[] values) {
    return rotated(identity(values.length), values);
  }

  private static double[][] identity(int d) {
    double[][] out = new double[d][d];
    for (int i = 0; i < d; i++) {
      out[i][i] = 1;
    }
    return out;
  }

  /** ‖μ1 − μ2‖² + Σ (√a_i − √b_i)²: FD of Gaussians whose covariances share eigenvectors. */
  private static double commuting(double[] mu1, double[] mu2, double[] a, double[] b) {
    double fd = 0;
    for (int i = 0; i < a.length; i++) {
      fd += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]) + Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
    }
    return fd;
  }

  @Test
  void diagonalCovariancesGiveTheSumOfSquaredMeanAndStdDifferences() {
    double[] mu1 = {0, 1, -2, 0.5};
    double[] mu2 = {1, 1, 0, -0.5};
    double[] a = {1, 4, 0.25, 9};
    double[] b = {4, 1, 0.25, 1};
    double fd = FrechetDistance.of(new Moments(2, mu1, diagonal(a)), new Moments(2, mu2, diagonal(b)));
    assertEquals(commuting(mu1, mu2, a, b), fd, 1e-10);
    assertEquals(6.0 + 1 + 1 + 0 + 4, fd, 1e-10);
  }

  @Test
  void rotatedCovariancesWithOneEigenbasisGiveTheSameClosedForm() {
    int d = 40;
    Rng rng = Rng.of(3, "fd", "rotation", 0);
    double[][] r = rotation(d, rng);
    double[] a = new double[d];
    double[] b = new double[d];
    double[] mu1 = new double[d];
    double[] mu2 = new double[d];
    for (int i = 0; i < d; i++) {
      a[i] = 0.1 + i * 0.3;
      b[i] = 5.0 / (i + 1);
      mu1[i] = rng.nextGaussian();
      mu2[i] = rng.nextGaussian();
    }
    double fd = FrechetDistance.of(new Moments(2, mu1, rotated(r, a)), new Moments(2, mu2, rotated(r, b)));
    assertEquals(commuting(mu1, mu2, a, b), fd, 1e-8 * commuting(mu1, mu2, a, b));
  }

  @Test
  void twoDimensionalCovariancesThatDoNotCommuteMatchTheTwoByTwoFormula() {
    // For 2x2 M = S1^½ S2 S1^½: tr √M = √(tr M + 2 √det M), tr M = tr(S1 S2), det M = det S1 det S2.
    double[][] s1 = {{2, 0.5}, {0.5, 1}};
    double[][] s2 = {{1, -0.7}, {-0.7, 3}};
    double trS1S2 = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
    double det = (s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0]) * (s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0]);
    double expected = 1 + 4 + (2 + 1) + (1 + 3) - 2 * Math.sqrt(trS1S2 + 2 * Math.sqrt(det));
    double fd = FrechetDistance.of(new Moments(2, new double[] {0, 0}, s1), new Moments(2, new double[] {1, 2}, s2));
    assertEquals(expected, fd, 1e-12);
  }

  @Test
  void samplesOfTwoKnownGaussiansConvergeToTheirDistanceAndASampleIsAtZeroFromItself() {
    int n = 40_000;
    int d = 3;
    double[] std1 = {1, 2, 0.5};
    double[] std2 = {1.5, 1, 0.5};
    double[] shift = {1, 0, -1};
    Rng rng = Rng.of(5, "fd", "samples", 0);
    float[] x = new float[n * d];
    float[] y = new float[n * d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i * d + k] = (float) (std1[k] * rng.nextGaussian());
        y[i * d + k] = (float) (shift[k] + std2[k] * rng.nextGaussian());
      }
    }
    Points a = new Points(n, d, x);
    Points b = new Points(n, d, y);
    double expected = commuting(new double[d], shift, new double[] {1, 4, 0.25}, new double[] {2.25, 1, 0.25});
    assertEquals(expected, FrechetDistance.of(a, b), 0.05 * expected);
    assertEquals(0, FrechetDistance.of(a, a), 1e-9);
  }

  @Test
  void theEigenDecompositionRebuildsTheMatrixFromOrthonormalVectors() {
    int d = 30;
    Rng rng = Rng.of(7, "fd", "eigen", 0);
    double[][] r = rotation(d, rng);
    double[] values = new double[d];
    for (int i = 0; i < d; i++) {
      values[i] = i - 10.5;
    }
    SymmetricEigen eigen = SymmetricEigen.of(rotated(r, values));
    for (int i = 0; i < d; i++) {
      assertEquals(values[i], eigen.values()[i], 1e-10);
    }
    double[][] rebuilt = rotated(eigen.vectors(), eigen.values());
    double[][] original = rotated(r, values);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertEquals(original[i][j], rebuilt[i][j], 1e-10);
      }
    }
    assertTrue(eigen.values()[0] < eigen.values()[d - 1]);
  }
}
