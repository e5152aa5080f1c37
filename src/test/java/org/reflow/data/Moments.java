package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sample mean and covariance of points, and assertions that they match a Gaussian's within five
 * standard errors: for n draws, the sample mean of axis i has standard error sqrt(Σ_ii / n) and
 * the sample covariance (i, j) sqrt((Σ_ii Σ_jj + Σ_ij²) / n) (Gaussian fourth moments). A correct
 * sampler misses a five-standard-error band with probability under 1e-6 per entry, whatever the
 * seed; a wrong scale or correlation of a few percent misses it at the n used.
 */
final class Moments {

  private Moments() {}

  static double[] mean(Points points) {
    double[] mean = new double[points.dim()];
    for (int p = 0; p < points.count(); p++) {
      for (int i = 0; i < points.dim(); i++) {
        mean[i] += points.get(p, i);
      }
    }
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= points.count();
    }
    return mean;
  }

  static double[][] covariance(Points points) {
    double[] mean = mean(points);
    int dim = points.dim();
    double[][] cov = new double[dim][dim];
    for (int p = 0; p < points.count(); p++) {
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          cov[i][j] += (points.get(p, i) - mean[i]) * (points.get(p, j) - mean[j]);
        }
      }
    }
    for (double[] row : cov) {
      for (int j = 0; j < dim; j++) {
        row[j] /= points.count() - 1;
      }
    }
    return cov;
  }

  static void assertMatch(Points points, double[] mean, double[][] covariance) {
    int n = points.count();
    double[] sampleMean = mean(points);
    double[][] sampleCov = covariance(points);
    for (int i = 0; i < mean.length; i++) {
      assertEquals(mean[i], sampleMean[i], 5 * Math.sqrt(covariance[i][i] / n), "mean of axis " + i);
      for (int j = 0; j < mean.length; j++) {
        double se = Math.sqrt((covariance[i][i] * covariance[j][j] + covariance[i][j] * covariance[i][j]) / n);
        assertEquals(covariance[i][j], sampleCov[i][j], 5 * se, "covariance (" + i + ", " + j + ")");
      }
    }
  }
}
