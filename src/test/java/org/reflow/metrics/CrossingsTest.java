package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reflow.data.Points;
import org.reflow.rand.Rng;

class CrossingsTest {

  @Test
  void twoDiagonalsOfASquareCrossAtItsCentre() {
    Points z0 = TestPoints.of(2, 0, 0, 0, 1);
    Points z1 = TestPoints.of(2, 1, 1, 1, 0);
    Crossings.Sample sample = Crossings.sample(z0, z1, 20, TestPoints.rng(1, "pairs"));
    assertEquals(1.0, sample.probability());
    assertEquals(20, sample.points().count());
    assertEquals(0.5f, sample.points().get(0, 0), 1e-6);
    assertEquals(0.5f, sample.points().get(0, 1), 1e-6);
  }

  @Test
  void everyPairOfHandMadeSegmentsIsTestedOnceAndEachCrossingPointIsWhereTheLinesMeet() {
    // A (0,0)→(2,2) and B (0,2)→(2,0) cross at (1,1); the vertical D (0.5,−1)→(0.5,3) crosses A at
    // (0.5,0.5) and B at (0.5,1.5) and ends on the horizontal C (0,3)→(3,3), which is no proper crossing
    Points z0 = TestPoints.of(2, 0, 0, 0, 2, 0, 3, 0.5f, -1);
    Points z1 = TestPoints.of(2, 2, 2, 2, 0, 3, 3, 0.5f, 3);
    Crossings.Sample all = Crossings.amongAll(z0, z1);
    assertEquals(6, all.pairs());
    assertEquals(0.5, all.probability());
    java.util.Set<String> points = new java.util.TreeSet<>();
    for (int i = 0; i < all.points().count(); i++) {
      points.add(all.points().get(i, 0) + "," + all.points().get(i, 1));
    }
    assertEquals(java.util.Set.of("1.0,1.0", "0.5,0.5", "0.5,1.5"), points);
  }

  @Test
  void parallelSegmentsDoNotCross() {
    Points z0 = TestPoints.of(2, 0, 0, 0, 1);
    Points z1 = TestPoints.of(2, 1, 0, 1, 1);
    assertEquals(0.0, Crossings.probability(z0, z1, 20, TestPoints.rng(1, "pairs")));
  }

  @Test
  void touchingAtAnEndpointOrOverlappingOnALineIsNotAProperCrossing() {
    Rng rng = TestPoints.rng(1, "pairs");
    // T-junction: (1, 0) → (1, 1) starts on (0, 0) → (2, 0)
    assertEquals(0.0, Crossings.probability(
        TestPoints.of(2, 0, 0, 1, 0), TestPoints.of(2, 2, 0, 1, 1), 20, rng));
    // Collinear overlap
    assertEquals(0.0, Crossings.probability(
        TestPoints.of(2, 0, 0, 1, 0), TestPoints.of(2, 2, 0, 3, 0), 20, rng));
  }

  @Test
  void orientationIsExactWherePlainDoublesSeeCollinearPoints() {
    // c = (1e-20, 0) lies just clockwise of the line (−1, −1) → (1, 1): the determinant is −2e-20,
    // but in doubles −1 − 1e-20 rounds to −1 and 1 − 1e-20 to 1, giving exactly 0
    float c = 1e-20f;
    double naive = (-1.0 - c) * (1.0 - 0) - (-1.0 - 0) * (1.0 - c);
    assertEquals(0.0, naive);
    assertEquals(-1, Crossings.orientation(-1, -1, 1, 1, c, 0));
    // so c → (−1, 1) properly crosses (−1, −1) → (1, 1) near the origin
    Points z0 = TestPoints.of(2, -1, -1, c, 0);
    Points z1 = TestPoints.of(2, 1, 1, -1, 1);
    assertEquals(1.0, Crossings.probability(z0, z1, 4, TestPoints.rng(2, "pairs")));
  }

  @Test
  void translatedClusterNeverCrosses() {
    // z1 = z0 + constant: every segment is a translate of one vector, so none cross
    Points z0 = TestPoints.gaussian(TestPoints.rng(3, "z0"), 1000, 1, -5, 0);
    Points z1 = TestPoints.shifted(z0, 10, 1);
    assertEquals(0.0, Crossings.probability(z0, z1, TestPoints.rng(3, "pairs")));
  }

  @Test
  void randomPermutationOfPointsOnACircleCrossesAboutOneThirdOfTheTime() {
    // Two chords between four independent uniform points on a circle cross with probability 1/3
    // (of the three ways to pair the points, one crosses). 10,000 pairs give a standard
    // deviation of sqrt(2/9 / 10,000) ≈ 0.005; chords sharing an endpoint shave off O(1/n).
    int n = 2000;
    Rng rng = TestPoints.rng(4, "circle");
    float[] v = new float[2 * n];
    for (int i = 0; i < n; i++) {
      double angle = 2 * Math.PI * rng.nextDouble();
      v[2 * i] = (float) Math.cos(angle);
      v[2 * i + 1] = (float) Math.sin(angle);
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      int j = rng.nextInt(i + 1);
      perm[i] = perm[j];
      perm[j] = i;
    }
    float[] w = new float[2 * n];
    for (int i = 0; i < n; i++) {
      w[2 * i] = v[2 * perm[i]];
      w[2 * i + 1] = v[2 * perm[i] + 1];
    }
    Crossings.Sample sample = Crossings.sample(
        new Points(n, 2, v), new Points(n, 2, w), 10_000, TestPoints.rng(4, "pairs"));
    assertEquals(1.0 / 3, sample.probability(), 0.03);
    for (int k = 0; k < sample.points().count(); k++) {
      double x = sample.points().get(k, 0);
      double y = sample.points().get(k, 1);
      assertTrue(x * x + y * y < 1 + 1e-5, "crossing point outside the circle");
    }
  }

  @Test
  void rejectsCouplingsThatAreNotTwoDimensional() {
    Points z = Points.zeros(10, 3);
    Rng rng = TestPoints.rng(0, "pairs");
    var e = assertThrows(IllegalArgumentException.class, () -> Crossings.probability(z, z, rng));
    assertTrue(e.getMessage().contains("2-D couplings only, got dim 3"), e.getMessage());
  }

  @Test
  void rejectsCouplingsOfUnequalCounts() {
    Rng rng = TestPoints.rng(0, "pairs");
    var e = assertThrows(IllegalArgumentException.class,
        () -> Crossings.probability(Points.zeros(10, 2), Points.zeros(9, 2), rng));
    assertTrue(e.getMessage().contains("z0 has 10 points and z1 has 9"), e.getMessage());
  }
}
