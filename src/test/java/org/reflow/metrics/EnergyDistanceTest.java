package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reflow.data.Points;

class EnergyDistanceTest {

  @Test
  void againstATargetMadeOnceIsExactlyTheValueOfTheTwoSets() {
    Points y = TestPoints.gaussian(TestPoints.rng(3, "y"), 300, 1, 0, 0);
    PreparedTarget target = EnergyDistance.target(y);
    for (double shift : new double[] {0, 0.5, 3}) {
      Points x = TestPoints.shifted(TestPoints.gaussian(TestPoints.rng(3, "x"), 200, 1.5, 0, 0), shift, 0);
      assertEquals(EnergyDistance.of(x, y), EnergyDistance.of(x, target), 0.0, "shift " + shift);
    }
    assertThrows(IllegalArgumentException.class, () -> EnergyDistance.of(Points.zeros(3, 3), target));
  }

  @Test
  void ofIdenticalSetsIsZero() {
    Points x = TestPoints.gaussian(TestPoints.rng(1, "x"), 300, 1, 0, 0, 0);
    assertEquals(0.0, EnergyDistance.of(x, x), 1e-12);
  }

  @Test
  void ofTwoOneDimensionalPointMassesIsTwiceTheirDistance() {
    // 2 E|X − Y| − E|X − X'| − E|Y − Y'| = 2δ − 0 − 0
    Points x = TestPoints.of(1, -0.5f);
    Points y = TestPoints.of(1, 1.25f);
    assertEquals(2 * 1.75, EnergyDistance.of(x, y), 1e-12);
  }

  @Test
  void ofSetsOfDifferentCountsMatchesAHandComputation() {
    // x = {0, 2}, y = {1}: E|X − Y| = 1, E|X − X'| = (0 + 2 + 2 + 0) / 4 = 1, E|Y − Y'| = 0
    assertEquals(1.0, EnergyDistance.of(TestPoints.of(1, 0, 2), TestPoints.of(1, 1)), 1e-12);
  }

  @Test
  void isPositiveForDifferentSamplesAndGrowsWithTheShift() {
    Points x = TestPoints.gaussian(TestPoints.rng(2, "x"), 300, 1, 0, 0);
    Points y = TestPoints.gaussian(TestPoints.rng(2, "y"), 300, 1, 0, 0);
    double previous = EnergyDistance.of(x, y);
    assertTrue(previous > 0);
    for (double shift : new double[] {0.5, 1, 2, 4}) {
      double d = EnergyDistance.of(x, TestPoints.shifted(y, 0, shift));
      assertTrue(d > previous, "shift " + shift + ": " + d + " <= " + previous);
      previous = d;
    }
  }

  @Test
  void rejectsMismatchedDimensionsNamingThem() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> EnergyDistance.of(Points.zeros(3, 2), Points.zeros(3, 4)));
    assertTrue(
        e.getMessage().contains("energy distance needs points of one dimension, got 2 and 4"),
        e.getMessage());
  }
}
