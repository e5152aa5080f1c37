package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reflow.data.Points;
import org.reflow.rand.Rng;

class WassersteinTest {

  /**
   * Tolerance for exact W2 between 1,000-point samples and the closed form. The error is mostly
   * the sampling error of the two means along m1 − m2, standard deviation
   * sqrt((s1² + s2²) / n) ≈ 0.045 for s = 1, plus a small upward bias (W2² between two
   * 1,000-point samples of one 2-D standard Gaussian is about 0.04, adding about 0.01 at W2 ≈ 2.5).
   * 0.2 is over four standard deviations; an identity or greedy matching misses by more.
   */
  private static final double GAUSSIAN_TOLERANCE = 0.2;

  @Test
  void slicedW2AgainstAReferenceMadeOnceIsExactlySlicedW2OfTheTwoSets() {
    Points target = TestPoints.gaussian(TestPoints.rng(11, "target"), 500, 1, 2, -1);
    Wasserstein.SlicedReference reference = Wasserstein.SlicedReference.of(target, 64, TestPoints.rng(11, "directions"));
    for (int k = 0; k < 3; k++) {
      Points sample = TestPoints.gaussian(TestPoints.rng(11, "sample-" + k), 500, 0.5 + k, k, 0);
      double direct = slicedOneDirectionAtATime(sample, target, 64, TestPoints.rng(11, "directions"));
      assertEquals(direct, Wasserstein.slicedW2(sample, reference), 0.0, "sample " + k + ": the same bits");
      assertEquals(direct, Wasserstein.slicedW2(sample, target, 64, TestPoints.rng(11, "directions")), 0.0);
    }
  }

  /** Sliced W2 as it was computed before references: draw a direction, project and sort both sets, repeat. */
  private static double slicedOneDirectionAtATime(Points a, Points b, int projections, Rng rng) {
    double total = 0;
    for (int p = 0; p < projections; p++) {
      double[] theta = new double[a.dim()];
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
      double[] pa = projected(a, theta);
      double[] pb = projected(b, theta);
      double slice = 0;
      for (int i = 0; i < pa.length; i++) {
        double d = pa[i] - pb[i];
        slice += d * d;
      }
      total += slice / pa.length;
    }
    return Math.sqrt(total / projections);
  }

  private static double[] projected(Points x, double[] theta) {
    double[] out = new double[x.count()];
    for (int i = 0; i < x.count(); i++) {
      double s = 0;
      for (int k = 0; k < theta.length; k++) {
        s += x.values()[i * x.dim() + k] * theta[k];
      }
      out[i] = s;
    }
    Arrays.sort(out);
    return out;
  }

  @Test
  void exactW2OfGaussiansWithEqualCovarianceIsTheDistanceBetweenMeans() {
    Points a = TestPoints.gaussian(TestPoints.rng(3, "a"), 1000, 1, 1, -1);
    Points b = TestPoints.gaussian(TestPoints.rng(3, "b"), 1000, 1, 3, 0.5);
    // W2 = |m1 − m2| = |(2, 1.5)| = 2.5
    assertEquals(2.5, Wasserstein.exactW2(a, b), GAUSSIAN_TOLERANCE);
  }

  @Test
  void exactW2OfIsotropicGaussiansAddsTheScaleGapPerDimension() {
    Points a = TestPoints.gaussian(TestPoints.rng(4, "a"), 1000, 0.5, 1, -1);
    Points b = TestPoints.gaussian(TestPoints.rng(4, "b"), 1000, 1.5, 3, 0.5);
    // W2² = |m1 − m2|² + d (s1 − s2)² = 6.25 + 2 · 1
    assertEquals(Math.sqrt(8.25), Wasserstein.exactW2(a, b), GAUSSIAN_TOLERANCE);
  }

  @Test
  void exactW2OfATranslatedCopyIsTheShiftLength() {
    // Σ‖a_i − a_σ(i) − m‖² = Σ‖a_i − a_σ(i)‖² + n‖m‖²: the identity matching is optimal
    Points a = TestPoints.gaussian(TestPoints.rng(5, "a"), 300, 1, 0, 0, 0);
    Points b = TestPoints.shifted(a, 0.3, -0.4, 1.2);
    assertEquals(1.3, Wasserstein.exactW2(a, b), 1e-5);
  }

  @Test
  void exactW2IsSymmetric() {
    Points a = TestPoints.uniform(TestPoints.rng(6, "a"), 200, 2);
    Points b = TestPoints.gaussian(TestPoints.rng(6, "b"), 200, 0.3, 0.5, 0.5);
    assertEquals(Wasserstein.exactW2(a, b), Wasserstein.exactW2(b, a), 1e-9);
  }

  @Test
  void slicedW2OfASetWithItselfIsZero() {
    Points a = TestPoints.gaussian(TestPoints.rng(7, "a"), 500, 1, 0, 0, 0);
    assertEquals(0.0, Wasserstein.slicedW2(a, a, 50, TestPoints.rng(7, "slices")));
  }

  @Test
  void slicedW2OfATranslatedCopyIsTheShiftOverRootOfDimension() {
    // Each slice moves by ⟨m, θ⟩, so SW2² = E⟨m, θ⟩² = |m|² / d for θ uniform on the sphere:
    // here 9 / 3. Per slice ⟨m, θ⟩² = |m|² cos²φ with cos²φ ~ Beta(1/2, 1) in 3-D (variance
    // 4/45), so with 4,000 slices the estimate's standard deviation is 9 · sqrt(4/45 / 4000)
    // ≈ 0.042; 0.2 is over four.
    Points a = TestPoints.gaussian(TestPoints.rng(8, "a"), 400, 1, 0, 0, 0);
    Points b = TestPoints.shifted(a, 1, 2, 2);
    double sw2 = Wasserstein.slicedW2(a, b, 4000, TestPoints.rng(8, "slices"));
    assertEquals(3.0, sw2 * sw2, 0.2);
  }

  @Test
  void slicedW2IsPositiveAndAtMostExactW2() {
    // Per slice the sorted matching costs at most the projected optimal one, and ⟨v, θ⟩² ≤ ‖v‖²
    Points a = TestPoints.gaussian(TestPoints.rng(9, "a"), 300, 1, 0, 0);
    Points b = TestPoints.gaussian(TestPoints.rng(9, "b"), 300, 2, 1, 0);
    double sliced = Wasserstein.slicedW2(a, b, 500, TestPoints.rng(9, "slices"));
    double exact = Wasserstein.exactW2(a, b);
    assertTrue(sliced > 0 && sliced <= exact + 1e-9, sliced + " vs " + exact);
  }

  @Test
  void exactW2RejectsMoreThanItCanSolveAndSaysToSubsample() {
    Points big = Points.zeros(2001, 2);
    var e = assertThrows(IllegalArgumentException.class, () -> Wasserstein.exactW2(big, big));
    assertTrue(e.getMessage().contains("at most 2000"), e.getMessage());
    assertTrue(e.getMessage().contains("subsample"), e.getMessage());
  }

  @Test
  void rejectsMismatchedDimensionsNamingThem() {
    Points a = Points.zeros(10, 2);
    Points b = Points.zeros(10, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> Wasserstein.exactW2(a, b));
    assertTrue(e.getMessage().contains("dimension, got 2 and 3"), e.getMessage());
    Rng rng = TestPoints.rng(0, "slices");
    e = assertThrows(IllegalArgumentException.class, () -> Wasserstein.slicedW2(a, b, 10, rng));
    assertTrue(e.getMessage().contains("sliced W2 needs points of one dimension"), e.getMessage());
  }

  @Test
  void rejectsUnequalCountsAndSaysToSubsample() {
    Points a = Points.zeros(10, 2);
    Points b = Points.zeros(12, 2);
    Rng rng = TestPoints.rng(0, "slices");
    var e = assertThrows(IllegalArgumentException.class, () -> Wasserstein.slicedW2(a, b, 10, rng));
    assertTrue(e.getMessage().contains("equal point counts, got 10 and 12"), e.getMessage());
    assertTrue(e.getMessage().contains("subsample the larger set to 10"), e.getMessage());
  }
}
