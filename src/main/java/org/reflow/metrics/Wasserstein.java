package org.reflow.metrics;

import java.util.Arrays;
import org.reflow.data.Points;
import org.reflow.rand.Rng;

/**
 * 2-Wasserstein distances between two empirical distributions with n equally weighted points
 * each: exact by optimal assignment, or sliced over random one-dimensional projections.
 */
public final class Wasserstein {

  /** Largest point count for {@link #exactW2}: the assignment is O(n³) time and O(n²) memory. */
  public static final int MAX_EXACT_POINTS = 2_000;

  private Wasserstein() {}

  /**
   * Exact W2 between the empirical distributions of {@code a} and {@code b}:
   * W2 = sqrt( min_σ (1/n) Σ_i ‖a_i − b_σ(i)‖² ), the minimum over permutations σ found by
   * {@link Assignment}. With equal weights an optimal coupling is a permutation (Birkhoff).
   *
   * @throws IllegalArgumentException if the sets are empty, differ in count or dimension, or
   *     hold more than {@link #MAX_EXACT_POINTS} points
   */
  public static double exactW2(Points a, Points b) {
    Require.sameShape(a, b, "exact W2");
    if (a.count() > MAX_EXACT_POINTS) {
      throw new IllegalArgumentException(
          "exact W2 takes at most " + MAX_EXACT_POINTS + " points per set (O(n^3) assignment), got "
              + a.count() + "; subsample both sets to " + MAX_EXACT_POINTS
              + " points or fewer, or use slicedW2");
    }
    int[] match = Assignment.solve(a, b);
    double sum = 0;
    for (int i = 0; i < a.count(); i++) {
      sum += a.squaredDistance(i, b, match[i]);
    }
    // W2 = sqrt((1/n) Σ_i ‖a_i − b_σ(i)‖²)
    return Math.sqrt(sum / a.count());
  }

  /**
   * Sliced W2 (Rabin, Peyré, Delon &amp; Bernot 2011; Bonneel et al. 2015):
   * SW2 = sqrt( E_θ [ W2²(⟨a, θ⟩, ⟨b, θ⟩) ] ) over θ uniform on the unit sphere, estimated with
   * {@code projections} directions drawn from {@code rng}. Each one-dimensional W2² is exact:
   * the mean squared difference of the sorted projections. The sets must have equal counts
   * (subsample the larger one), so that sorted order gives the matching.
   *
   * @throws IllegalArgumentException if the sets are empty or differ in count or dimension, or
   *     {@code projections} is not positive
   */
  public static double slicedW2(Points a, Points b, int projections, Rng rng) {
    Require.sameShape(a, b, "sliced W2");
    return slicedW2(a, SlicedReference.of(b, projections, rng));
  }

  /**
   * One side of sliced W2 made ready for many comparisons: the directions drawn from the generator
   * and the reference set's sorted projections on each. Comparing several sets with one target on
   * the same directions then sorts the target once, and gives exactly what {@link #slicedW2(Points,
   * Points, int, Rng)} gives with that generator.
   */
  public static final class SlicedReference {
    private final Points points;
    private final double[][] directions;
    private final double[][] sorted;

    private SlicedReference(Points points, double[][] directions, double[][] sorted) {
      this.points = points;
      this.directions = directions;
      this.sorted = sorted;
    }

    /**
     * {@code b}'s projections on {@code projections} directions drawn from {@code rng}.
     *
     * @throws IllegalArgumentException if {@code projections} is not positive
     */
    public static SlicedReference of(Points b, int projections, Rng rng) {
      if (projections <= 0) {
        throw new IllegalArgumentException(
            "sliced W2 needs at least one projection, got " + projections);
      }
      double[][] directions = new double[projections][b.dim()];
      double[][] sorted = new double[projections][b.count()];
      for (int p = 0; p < projections; p++) {
        randomUnitVector(rng, directions[p]);
        project(b, directions[p], sorted[p]);
        Arrays.sort(sorted[p]);
      }
      return new SlicedReference(b, directions, sorted);
    }
  }

  /**
   * Sliced W2 between {@code a} and a reference set on the reference's directions (see {@link
   * #slicedW2(Points, Points, int, Rng)}).
   *
   * @throws IllegalArgumentException if {@code a} differs from the reference set in count or dimension
   */
  public static double slicedW2(Points a, SlicedReference reference) {
    Require.sameShape(a, reference.points, "sliced W2");
    int n = a.count();
    int projections = reference.directions.length;
    double[] pa = new double[n];
    double total = 0;
    for (int p = 0; p < projections; p++) {
      project(a, reference.directions[p], pa);
      Arrays.sort(pa);
      double[] pb = reference.sorted[p];
      double slice = 0;
      for (int i = 0; i < n; i++) {
        double d = pa[i] - pb[i];
        slice += d * d;
      }
      // W2²(slice θ) = (1/n) Σ_i (a_(i)·θ − b_(i)·θ)², order statistics matched
      total += slice / n;
    }
    // SW2 = sqrt(mean over θ of W2²(slice θ))
    return Math.sqrt(total / projections);
  }

  /** A normalised standard Gaussian vector is uniform on the sphere. */
  private static void randomUnitVector(Rng rng, double[] theta) {
    double norm;
    do {
      norm = 0;
      for (int k = 0; k < theta.length; k++) {
        theta[k] = rng.nextGaussian();
        norm += theta[k] * theta[k];
      }
    } while (norm == 0);
    double scale = 1 / Math.sqrt(norm);
    for (int k = 0; k < theta.length; k++) {
      theta[k] *= scale;
    }
  }

  private static void project(Points x, double[] theta, double[] out) {
    float[] values = x.values();
    int dim = x.dim();
    for (int i = 0; i < x.count(); i++) {
      double s = 0;
      int offset = i * dim;
      for (int k = 0; k < dim; k++) {
        s += values[offset + k] * theta[k];
      }
      out[i] = s;
    }
  }
}
