package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reflow.data.Points;

class MmdTest {

  @Test
  void ofASetWithItselfIsZero() {
    Points x = TestPoints.gaussian(TestPoints.rng(1, "x"), 400, 1, 0, 0);
    assertEquals(0.0, Mmd.squared(x, x), 1e-12);
  }

  @Test
  void ofTwoPointMassesIsTwiceOneMinusTheKernel() {
    // MMD² = k(x,x) + k(y,y) − 2 k(x,y) = Σ_b 2 (1 − exp(−δ² / (2 h_b²))), δ = 5
    Points x = TestPoints.of(2, 0, 0);
    Points y = TestPoints.of(2, 3, 4);
    double expected = 2 * (1 - Math.exp(-25.0 / 2)) + 2 * (1 - Math.exp(-25.0 / 18));
    assertEquals(expected, Mmd.squared(x, y, 1, 3), 1e-12);
  }

  @Test
  void againstATargetMadeOnceIsExactlyTheValueOfTheTwoSets() {
    Points y = TestPoints.gaussian(TestPoints.rng(3, "y"), 300, 1, 0, 0);
    PreparedTarget target = Mmd.target(y);
    for (double shift : new double[] {0, 0.5, 3}) {
      Points x = TestPoints.shifted(TestPoints.gaussian(TestPoints.rng(3, "x"), 200, 1.5, 0, 0), shift, 0);
      assertEquals(Mmd.squared(x, y), Mmd.squared(x, target), 0.0, "shift " + shift);
    }
    assertThrows(IllegalArgumentException.class, () -> Mmd.squared(Points.zeros(3, 3), target));
  }

  @Test
  void growsWithTheShiftBetweenSamples() {
    Points x = TestPoints.gaussian(TestPoints.rng(2, "x"), 400, 1, 0, 0);
    Points y = TestPoints.gaussian(TestPoints.rng(2, "y"), 400, 1, 0, 0);
    double previous = Mmd.squared(x, y);
    for (double shift : new double[] {0.5, 1, 2, 4}) {
      double mmd = Mmd.squared(x, TestPoints.shifted(y, shift, 0));
      assertTrue(mmd > previous, "shift " + shift + ": " + mmd + " <= " + previous);
      previous = mmd;
    }
  }

  @Test
  void acceptsSetsOfDifferentCounts() {
    // x = {0, 0}, y = {δ}: E k(x,x') = E k(y,y') = 1 and E k(x,y) = exp(−δ²/2) with h = 1
    Points x = TestPoints.of(1, 0, 0);
    Points y = TestPoints.of(1, 2);
    assertEquals(2 - 2 * Math.exp(-2), Mmd.squared(x, y, 1), 1e-12);
  }

  @Test
  void defaultBandwidthsScaleWithTheRootOfTheDimension() {
    // d = 1 and d = 9 tell √d (1, 3) from d/2 (0.5, 4.5) and from d (1, 9)
    assertArrayEquals(new double[] {0.1, 0.5, 1, 2, 5}, Mmd.defaultBandwidths(1), 1e-12);
    assertArrayEquals(new double[] {0.2, 1, 2, 4, 10}, Mmd.defaultBandwidths(4), 1e-12);
    assertArrayEquals(new double[] {0.3, 1.5, 3, 6, 15}, Mmd.defaultBandwidths(9), 1e-12);
    // and the two-argument form uses them: MMD² of two point masses 3 apart in 9-D, Σ_b 2 (1 − exp(−9 / (2 h_b²)))
    float[] far = new float[9];
    far[4] = 3;
    double expected = 0;
    for (double h : new double[] {0.3, 1.5, 3, 6, 15}) {
      expected += 2 * (1 - Math.exp(-9 / (2 * h * h)));
    }
    assertEquals(expected, Mmd.squared(new Points(1, 9, new float[9]), new Points(1, 9, far)), 1e-12);
  }

  @Test
  void rejectsMismatchedDimensionsAndBadBandwidths() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Mmd.squared(Points.zeros(3, 2), Points.zeros(3, 1)));
    assertTrue(
        e.getMessage().contains("MMD needs points of one dimension, got 2 and 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Mmd.squared(Points.zeros(3, 2), Points.zeros(3, 2), 1, 0));
    assertTrue(e.getMessage().contains("got 0.0 at index 1"), e.getMessage());
  }
}
