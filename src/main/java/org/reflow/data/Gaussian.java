package org.reflow.data;

import java.util.Arrays;
import org.reflow.rand.Rng;

/**
 * A normal distribution N(mean, Σ) with Σ isotropic (σ²I), diagonal (per-axis σ²) or full. A full
 * Σ is factored once, Σ = L Lᵀ (Cholesky), and a point is mean + L z with z standard normal; the
 * other two scale z axis by axis, in O(dim) per point.
 */
public final class Gaussian implements Distribution {

  private final double[] mean;
  /** Per-axis standard deviation; null when {@link #cholesky} is used. */
  private final double[] axisStd;
  /** Lower-triangular L, row-major dim × dim, with Σ = L Lᵀ; null for a diagonal Σ. */
  private final double[] cholesky;

  private Gaussian(double[] mean, double[] axisStd, double[] cholesky) {
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new IllegalArgumentException("a Gaussian's mean must be finite, got " + Arrays.toString(mean));
      }
    }
    this.mean = mean;
    this.axisStd = axisStd;
    this.cholesky = cholesky;
  }

  /** N(0, I) in {@code dim} dimensions. */
  public static Gaussian standard(int dim) {
    return isotropic(new double[dim], 1);
  }

  /** N(mean, std² I); {@code std} in the units of the points, > 0. */
  public static Gaussian isotropic(double[] mean, double std) {
    double[] axisStd = new double[mean.length];
    Arrays.fill(axisStd, std);
    return diagonal(mean, axisStd);
  }

  /** N(mean, diag(std²)): independent axes, axis k with standard deviation {@code std[k]} > 0. */
  public static Gaussian diagonal(double[] mean, double[] std) {
    if (mean.length == 0 || std.length != mean.length) {
      throw new IllegalArgumentException(
          "a Gaussian needs a mean and one std per axis, got " + mean.length + " and " + std.length);
    }
    for (double s : std) {
      if (!(s > 0) || !Double.isFinite(s)) {
        throw new IllegalArgumentException("standard deviations must be finite and > 0, got " + Arrays.toString(std));
      }
    }
    return new Gaussian(mean.clone(), std.clone(), null);
  }

  /**
   * N(mean, covariance) for a symmetric positive-definite covariance.
   *
   * @throws IllegalArgumentException if the covariance is not square of the mean's dim, not
   *     symmetric, or not positive definite
   */
  public static Gaussian withCovariance(double[] mean, double[][] covariance) {
    int dim = mean.length;
    if (dim == 0) {
      throw new IllegalArgumentException("a Gaussian needs a mean of dim > 0");
    }
    if (covariance.length != dim || Arrays.stream(covariance).anyMatch(row -> row.length != dim)) {
      throw new IllegalArgumentException("a covariance for a mean of dim " + dim + " must be " + dim + " x " + dim);
    }
    double[] lower = new double[dim * dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j <= i; j++) {
        double a = covariance[i][j];
        if (Math.abs(a - covariance[j][i]) > 1e-9 * (Math.abs(a) + Math.abs(covariance[j][i]))) {
          throw new IllegalArgumentException("covariance is not symmetric: entry (" + i + ", " + j + ") is " + a
              + " but (" + j + ", " + i + ") is " + covariance[j][i]);
        }
        // Cholesky–Banachiewicz: L_ij = (Σ_ij − Σ_{k<j} L_ik L_jk) / L_jj, L_ii = sqrt(Σ_ii − Σ_{k<i} L_ik²)
        double s = a;
        for (int k = 0; k < j; k++) {
          s -= lower[i * dim + k] * lower[j * dim + k];
        }
        if (i == j && !(s > 0)) {
          throw new IllegalArgumentException("covariance is not positive definite: axis " + i + " has variance " + s
              + (i == 0 ? "" : " left after removing what axes 0.." + (i - 1) + " explain")
              + "; a covariance needs all eigenvalues > 0: look for a duplicated or linearly dependent axis,"
              + " or add a small multiple of the identity");
        }
        lower[i * dim + j] = i == j ? Math.sqrt(s) : s / lower[j * dim + j];
      }
    }
    return new Gaussian(mean.clone(), null, lower);
  }

  @Override
  public int dim() {
    return mean.length;
  }

  public double[] mean() {
    return mean.clone();
  }

  /** Σ as a new dim × dim array: diag(std²), or L Lᵀ for a full covariance. */
  public double[][] covariance() {
    int dim = dim();
    double[][] sigma = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        if (cholesky == null) {
          sigma[i][j] = i == j ? axisStd[i] * axisStd[i] : 0;
        } else {
          for (int k = 0; k <= Math.min(i, j); k++) {
            sigma[i][j] += cholesky[i * dim + k] * cholesky[j * dim + k];
          }
        }
      }
    }
    return sigma;
  }

  @Override
  public void sample(Rng rng, float[] out, int count) {
    for (int p = 0; p < count; p++) {
      samplePoint(rng, out, p * dim());
    }
  }

  /** Writes one point into {@code out[offset .. offset + dim())}. */
  void samplePoint(Rng rng, float[] out, int offset) {
    int dim = dim();
    rng.fillGaussian(out, offset, dim);
    if (cholesky == null) {
      for (int k = 0; k < dim; k++) {
        // x_k = μ_k + σ_k z_k
        out[offset + k] = (float) (mean[k] + axisStd[k] * out[offset + k]);
      }
      return;
    }
    // x = μ + L z in place: row i reads z_0..z_i only, so rows run from the last to the first
    for (int i = dim - 1; i >= 0; i--) {
      double x = mean[i];
      for (int j = 0; j <= i; j++) {
        x += cholesky[i * dim + j] * out[offset + j];
      }
      out[offset + i] = (float) x;
    }
  }
}
