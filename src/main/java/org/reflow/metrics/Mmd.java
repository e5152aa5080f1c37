package org.reflow.metrics;

import org.reflow.data.Points;

/**
 * Squared maximum mean discrepancy with a sum of Gaussian (RBF) kernels,
 * k(x, y) = Σ_b exp(−‖x − y‖² / (2 h_b²)).
 *
 * <p>The biased V-statistic of Gretton et al. 2012 ("A Kernel Two-Sample Test", MMD_b²):
 * MMD² = (1/n²) Σ_{i,i'} k(x_i, x_i') + (1/m²) Σ_{j,j'} k(y_j, y_j')
 * − (2/(nm)) Σ_{i,j} k(x_i, y_j), diagonal terms included. It is the squared RKHS distance between the two empirical mean
 * embeddings, so it is never negative and is 0 for identical sets. Counts may differ. O((n+m)²
 * · (dim + bandwidths)) time, O(1) extra memory.
 */
public final class Mmd {

  private static final double[] DEFAULT_SCALES = {0.1, 0.5, 1, 2, 5};

  private Mmd() {}

  /**
   * The default bandwidths h_b = c · sqrt(dim) for c in {0.1, 0.5, 1, 2, 5}. For data with
   * coordinates of unit scale two points lie about sqrt(2 · dim) apart, so these kernels see
   * from well below to well above that distance. They are fixed rather than fitted to the
   * samples (no median heuristic), so values compare across checkpoints of one target.
   */
  public static double[] defaultBandwidths(int dim) {
    double[] h = new double[DEFAULT_SCALES.length];
    for (int b = 0; b < h.length; b++) {
      h[b] = DEFAULT_SCALES[b] * Math.sqrt(dim);
    }
    return h;
  }

  /** MMD² with {@link #defaultBandwidths(int)}. */
  public static double squared(Points x, Points y) {
    return squared(x, y, defaultBandwidths(x.dim()));
  }

  /**
   * MMD² with kernels of the given bandwidths h_b (standard deviations, in the units of the
   * points).
   *
   * @throws IllegalArgumentException if a set is empty, the dimensions differ, or a bandwidth is
   *     missing, not positive or not finite
   */
  public static double squared(Points x, Points y, double... bandwidths) {
    Require.comparable(x, y, "MMD");
    double[] gamma = gammas(bandwidths);
    return squared(x, y, meanKernel(y, y, gamma), gamma);
  }

  /**
   * {@code y} made ready to be compared with many others under the default bandwidths.
   *
   * @throws IllegalArgumentException if {@code y} is empty
   */
  static PreparedTarget target(Points y) {
    Require.comparable(y, y, "MMD");
    return new PreparedTarget(y, meanKernel(y, y, gammas(defaultBandwidths(y.dim()))));
  }

  /** Exactly {@link #squared(Points, Points)} of {@code x} and the target's set. */
  static double squared(Points x, PreparedTarget target) {
    Require.comparable(x, target.points(), "MMD");
    return squared(x, target.points(), target.selfTerm(), gammas(defaultBandwidths(x.dim())));
  }

  private static double squared(Points x, Points y, double kyy, double[] gamma) {
    double kxx = meanKernel(x, x, gamma);
    double kxy = meanKernel(x, y, gamma);
    // MMD_b² = E k(x,x') + E k(y,y') − 2 E k(x,y); clamped because rounding can dip below 0
    return Math.max(0, kxx + kyy - 2 * kxy);
  }

  private static double[] gammas(double[] bandwidths) {
    if (bandwidths.length == 0) {
      throw new IllegalArgumentException("MMD needs at least one kernel bandwidth, got none");
    }
    double[] gamma = new double[bandwidths.length];
    for (int b = 0; b < bandwidths.length; b++) {
      double h = bandwidths[b];
      if (!(h > 0) || Double.isInfinite(h)) {
        throw new IllegalArgumentException(
            "MMD kernel bandwidths must be positive and finite, got " + h + " at index " + b);
      }
      // γ_b = 1 / (2 h_b²)
      gamma[b] = 1 / (2 * h * h);
    }
    return gamma;
  }

  /** (1/(n m)) Σ_{i,j} k(p_i, q_j); when p is q, each off-diagonal pair is evaluated once. */
  private static double meanKernel(Points p, Points q, double[] gamma) {
    boolean same = p == q;
    double sum = 0;
    for (int i = 0; i < p.count(); i++) {
      int from = same ? i + 1 : 0;
      for (int j = from; j < q.count(); j++) {
        double d2 = p.squaredDistance(i, q, j);
        double k = 0;
        for (double g : gamma) {
          k += Math.exp(-g * d2);
        }
        sum += k;
      }
    }
    if (same) {
      // k(x, x) = number of kernels on the diagonal; off-diagonal pairs counted twice
      sum = 2 * sum + (double) p.count() * gamma.length;
    }
    return sum / ((double) p.count() * q.count());
  }
}
