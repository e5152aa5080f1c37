package org.reflow.metrics;

import org.reflow.data.Points;

/**
 * Energy distance (Székely &amp; Rizzo 2013, "Energy statistics: A class of statistics based on
 * distances"): D² = 2 E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖, Euclidean norms.
 *
 * <p>Computed as the V-statistic over the two empirical distributions (all pairs, diagonal
 * included), which is the energy distance between those distributions: never negative, 0 for
 * identical sets, and 2δ for two single points δ apart. Counts may differ. O((n+m)² · dim).
 */
public final class EnergyDistance {

  private EnergyDistance() {}

  /**
   * D² between the empirical distributions of {@code x} and {@code y}.
   *
   * @throws IllegalArgumentException if a set is empty or the dimensions differ
   */
  public static double of(Points x, Points y) {
    Require.comparable(x, y, "energy distance");
    return of(x, y, meanDistance(y, y));
  }

  /**
   * {@code y} made ready to be compared with many others.
   *
   * @throws IllegalArgumentException if {@code y} is empty
   */
  static PreparedTarget target(Points y) {
    Require.comparable(y, y, "energy distance");
    return new PreparedTarget(y, meanDistance(y, y));
  }

  /** Exactly {@link #of(Points, Points)} of {@code x} and the target's set. */
  static double of(Points x, PreparedTarget target) {
    Require.comparable(x, target.points(), "energy distance");
    return of(x, target.points(), target.selfTerm());
  }

  private static double of(Points x, Points y, double yy) {
    double xy = meanDistance(x, y);
    double xx = meanDistance(x, x);
    // D² = 2 E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖; clamped because rounding can dip below 0
    return Math.max(0, 2 * xy - xx - yy);
  }

  /** (1/(n m)) Σ_{i,j} ‖p_i − q_j‖; when p is q, each off-diagonal pair is evaluated once. */
  private static double meanDistance(Points p, Points q) {
    boolean same = p == q;
    double sum = 0;
    for (int i = 0; i < p.count(); i++) {
      int from = same ? i + 1 : 0;
      for (int j = from; j < q.count(); j++) {
        sum += Math.sqrt(p.squaredDistance(i, q, j));
      }
    }
    if (same) {
      sum *= 2;
    }
    return sum / ((double) p.count() * q.count());
  }
}
