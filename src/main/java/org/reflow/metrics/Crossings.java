package org.reflow.metrics;

import java.math.BigDecimal;
import java.util.Arrays;
import org.reflow.data.Points;
import org.reflow.rand.Rng;

/**
 * How often the straight segments X0 → X1 of a 2-D coupling cross: P[segment i and segment j
 * cross] for two distinct pairs of the coupling drawn uniformly at random. Rectified flow drives
 * this towards 0 (Liu, Gong &amp; Liu 2022: the paths of a rectified coupling do not cross), while
 * the independent coupling of two spread-out distributions crosses often.
 *
 * <p>Only <em>proper</em> crossings count: each segment has one endpoint strictly on each side
 * of the other's line. Touching at an endpoint, collinear overlap and zero-length segments do
 * not. The side tests are exact (see {@link #orientation}), so ties are decided correctly.
 */
public final class Crossings {

  /** Segment pairs drawn by {@link #probability(Points, Points, Rng)}. */
  public static final int DEFAULT_PAIRS = 10_000;

  /** Shewchuk's ccwerrboundA = (3 + 16ε)ε with ε = 2⁻⁵³: the filter's relative error bound. */
  private static final double ORIENTATION_ERROR_BOUND = (3 + 16 * 0x1p-53) * 0x1p-53;

  private Crossings() {}

  /**
   * The outcome of testing {@code pairs} random segment pairs: {@code points} holds the 2-D
   * intersection point of each pair that crossed (for plotting), so the estimated probability
   * is {@code points.count() / pairs}.
   */
  public record Sample(int pairs, Points points) {

    /** Fraction of the tested pairs that cross. */
    public double probability() {
      return (double) points.count() / pairs;
    }
  }

  /** The crossing probability from {@link #DEFAULT_PAIRS} random pairs. */
  public static double probability(Points z0, Points z1, Rng rng) {
    return sample(z0, z1, DEFAULT_PAIRS, rng).probability();
  }

  /** The crossing probability from {@code pairs} random pairs. */
  public static double probability(Points z0, Points z1, int pairs, Rng rng) {
    return sample(z0, z1, pairs, rng).probability();
  }

  /**
   * Tests {@code pairs} pairs of segments z0_i → z1_i and z0_j → z1_j, i ≠ j uniform, and keeps
   * the intersection points.
   *
   * @throws IllegalArgumentException if z0 and z1 differ in shape, are not 2-D, hold fewer than
   *     two segments, or {@code pairs} is not positive
   */
  public static Sample sample(Points z0, Points z1, int pairs, Rng rng) {
    requireCoupling(z0, z1);
    if (pairs <= 0) {
      throw new IllegalArgumentException("segment crossings need pairs > 0, got " + pairs);
    }
    float[] a = z0.values();
    float[] b = z1.values();
    float[] found = new float[2 * pairs];
    int crossed = 0;
    for (int p = 0; p < pairs; p++) {
      int i = rng.nextInt(z0.count());
      int j = rng.nextInt(z0.count() - 1);
      if (j >= i) {
        j++;
      }
      float[] point = crossing(a, b, 2 * i, 2 * j);
      if (point != null) {
        found[2 * crossed] = point[0];
        found[2 * crossed + 1] = point[1];
        crossed++;
      }
    }
    return new Sample(pairs, new Points(crossed, 2, Arrays.copyOf(found, 2 * crossed)));
  }

  /**
   * Tests every pair of segments z0_i → z1_i, z0_j → z1_j with i &lt; j, and keeps the
   * intersection points: the exact crossing fraction of a small set, and every crossing it has —
   * what a plot of those segments marks. O(n²): meant for a few hundred segments.
   *
   * @throws IllegalArgumentException as {@link #sample}
   */
  public static Sample amongAll(Points z0, Points z1) {
    requireCoupling(z0, z1);
    int n = z0.count();
    float[] a = z0.values();
    float[] b = z1.values();
    float[] found = new float[64];
    int crossed = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        float[] point = crossing(a, b, 2 * i, 2 * j);
        if (point != null) {
          if (2 * crossed + 2 > found.length) {
            found = Arrays.copyOf(found, 2 * found.length);
          }
          found[2 * crossed] = point[0];
          found[2 * crossed + 1] = point[1];
          crossed++;
        }
      }
    }
    int pairs = (int) Math.min(Integer.MAX_VALUE, (long) n * (n - 1) / 2);
    return new Sample(pairs, new Points(crossed, 2, Arrays.copyOf(found, 2 * crossed)));
  }

  private static void requireCoupling(Points z0, Points z1) {
    if (z0.dim() != 2 || z1.dim() != 2) {
      throw new IllegalArgumentException(
          "segment crossings are defined for 2-D couplings only, got dim " + z0.dim() + " and "
              + z1.dim() + "; skip this metric for other dimensions");
    }
    if (z0.count() != z1.count()) {
      throw new IllegalArgumentException(
          "a coupling pairs z0 and z1 point by point, but z0 has " + z0.count()
              + " points and z1 has " + z1.count());
    }
    if (z0.count() < 2) {
      throw new IllegalArgumentException(
          "segment crossings need at least two segments, got " + z0.count());
    }
  }

  /**
   * Where segment a_i → b_i properly crosses a_j → b_j ({@code si}, {@code sj} the offsets of
   * i and j), or null.
   */
  private static float[] crossing(float[] a, float[] b, int si, int sj) {
    if (!properlyCross(a[si], a[si + 1], b[si], b[si + 1], a[sj], a[sj + 1], b[sj], b[sj + 1])) {
      return null;
    }
    double ux = b[si] - (double) a[si];
    double uy = b[si + 1] - (double) a[si + 1];
    double wx = b[sj] - (double) a[sj];
    double wy = b[sj + 1] - (double) a[sj + 1];
    double cx = a[sj] - (double) a[si];
    double cy = a[sj + 1] - (double) a[si + 1];
    // Intersection a + t u with t = (c × w) / (u × w), 2-D cross products
    double t = (cx * wy - cy * wx) / (ux * wy - uy * wx);
    return new float[] {(float) (a[si] + t * ux), (float) (a[si + 1] + t * uy)};
  }

  /** Whether segments a→b and c→d cross at a single point interior to both. */
  static boolean properlyCross(
      float ax, float ay, float bx, float by, float cx, float cy, float dx, float dy) {
    int c = orientation(ax, ay, bx, by, cx, cy);
    int d = orientation(ax, ay, bx, by, dx, dy);
    if (c == 0 || d == 0 || c == d) {
      return false;
    }
    int a = orientation(cx, cy, dx, dy, ax, ay);
    int b = orientation(cx, cy, dx, dy, bx, by);
    return a != 0 && b != 0 && a != b;
  }

  /**
   * The exact sign of the orientation determinant (a − c) × (b − c): +1 if a, b, c turn
   * counter-clockwise, −1 clockwise, 0 collinear. A floating-point evaluation decides whenever
   * it clears Shewchuk's error bound (1997, "Adaptive Precision Floating-Point Arithmetic and
   * Fast Robust Geometric Predicates", orient2d); near-collinear cases, rare in random data,
   * fall back to exact decimal arithmetic. Float inputs keep every product clear of underflow.
   */
  static int orientation(float ax, float ay, float bx, float by, float cx, float cy) {
    // det = (a_x − c_x)(b_y − c_y) − (a_y − c_y)(b_x − c_x)
    double left = ((double) ax - cx) * ((double) by - cy);
    double right = ((double) ay - cy) * ((double) bx - cx);
    double det = left - right;
    double bound = ORIENTATION_ERROR_BOUND * (Math.abs(left) + Math.abs(right));
    if (det > bound || -det > bound) {
      return det > 0 ? 1 : -1;
    }
    return exactOrientation(ax, ay, bx, by, cx, cy);
  }

  private static int exactOrientation(float ax, float ay, float bx, float by, float cx, float cy) {
    BigDecimal x = new BigDecimal(cx);
    BigDecimal y = new BigDecimal(cy);
    BigDecimal left = new BigDecimal(ax).subtract(x).multiply(new BigDecimal(by).subtract(y));
    BigDecimal right = new BigDecimal(ay).subtract(y).multiply(new BigDecimal(bx).subtract(x));
    return left.compareTo(right);
  }
}
