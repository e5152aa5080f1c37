package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

class ToysTest {

  private static final int N = 100_000;

  private static Rng rng(String purpose) {
    return Rng.of(11, "test", purpose, 0);
  }

  @Test
  void threeGaussiansHaveThePaperMeansVarianceAndEqualWeights() {
    double h = 10 * Math.sqrt(3) / 2;
    assertMixture(Toys.threeGaussiansSource(), new double[][] {{h, 5}, {-h, 5}, {0, -h}});
    assertMixture(Toys.threeGaussiansTarget(), new double[][] {{h, -5}, {-h, -5}, {0, h}});
  }

  @Test
  void eightGaussiansPointsLieNearEightModesOnRadiusTwoPointEightThree() {
    double radius = 4 / 1.414;
    double std = 0.5 / 1.414;
    Points points = Toys.eightGaussians().sample(rng("8gaussians"), N);
    int[] perMode = new int[8];
    for (int p = 0; p < N; p++) {
      double x = points.get(p, 0);
      double y = points.get(p, 1);
      int mode = Math.floorMod((int) Math.round(Math.atan2(y, x) / (Math.PI / 4)), 8);
      double dx = x - radius * Math.cos(mode * Math.PI / 4);
      double dy = y - radius * Math.sin(mode * Math.PI / 4);
      // the distance to the own mode is Rayleigh: beyond 6 std with probability exp(-18) ≈ 1.5e-8
      assertTrue(Math.hypot(dx, dy) < 6 * std, "point " + p + " at (" + x + ", " + y + ") is far from every mode");
      perMode[mode]++;
    }
    for (int k = 0; k < 8; k++) {
      assertEquals(1.0 / 8, perMode[k] / (double) N, 5 * Math.sqrt(1.0 / 8 * 7 / 8 / N), "mode " + k);
    }
  }

  @Test
  void moonsWithoutNoiseLieOnTheTwoHalfCircles() {
    Points points = Toys.moons(0).sample(rng("moons"), N);
    int upper = 0;
    for (int p = 0; p < N; p++) {
      double x = points.get(p, 0);
      double y = points.get(p, 1);
      boolean onUpper = Math.abs(Math.hypot(x, y) - 1) < 1e-6 && y >= 0 && y <= 1;
      boolean onLower = Math.abs(Math.hypot(x - 1, y - 0.5) - 1) < 1e-6 && y >= -0.5 && y <= 0.5;
      assertTrue(onUpper || onLower, "point (" + x + ", " + y + ") is on neither moon");
      upper += onUpper && !onLower ? 1 : 0;
    }
    // each moon with probability 1/2 (the arcs cross at two points, a negligible share)
    assertEquals(0.5, upper / (double) N, 5 * Math.sqrt(0.25 / N));
  }

  @Test
  void moonsNoiseStaysWithinSixStdOfTheMoonsRanges() {
    Points points = Toys.moons(0.05).sample(rng("noisy moons"), N);
    for (int p = 0; p < N; p++) {
      assertTrue(points.get(p, 0) > -1 - 0.3 && points.get(p, 0) < 2 + 0.3);
      assertTrue(points.get(p, 1) > -0.5 - 0.3 && points.get(p, 1) < 1 + 0.3);
    }
  }

  @Test
  void checkerboardPointsFallOnlyAndEvenlyInBlackSquares() {
    Points points = Toys.checkerboard().sample(rng("checkerboard"), N);
    int[][] perSquare = new int[4][4];
    for (int p = 0; p < N; p++) {
      float x = points.get(p, 0);
      float y = points.get(p, 1);
      assertTrue(x >= -4 && x < 4 && y >= -4 && y < 4, "point (" + x + ", " + y + ") is off the board");
      int column = Math.floorDiv((int) Math.floor(x), 2);
      int row = Math.floorDiv((int) Math.floor(y), 2);
      assertEquals(0, Math.floorMod(column + row, 2), "point (" + x + ", " + y + ") is on a white square");
      perSquare[column + 2][row + 2]++;
    }
    for (int c = 0; c < 4; c++) {
      for (int r = (c % 2); r < 4; r += 2) {
        assertEquals(1.0 / 8, perSquare[c][r] / (double) N, 5 * Math.sqrt(1.0 / 8 * 7 / 8 / N), "square " + c + ", " + r);
      }
    }
  }

  @Test
  void byNameGivesEachToyWithItsDocumentedParameters() {
    for (String name : Toys.names()) {
      assertEquals(2, Toys.byName(name).dim(), name);
    }
    Gaussian gaussian = assertInstanceOf(Gaussian.class, Toys.byName("gaussian"));
    assertArrayEquals(new double[] {0, 0}, gaussian.mean());
    assertArrayEquals(new double[] {1, 0}, gaussian.covariance()[0]);
    assertArrayEquals(new double[] {0, 1}, gaussian.covariance()[1]);
    GaussianMixture eight = assertInstanceOf(GaussianMixture.class, Toys.byName("8gaussians"));
    assertEquals(8, eight.components().size());
    double variance = (0.5 / 1.414) * (0.5 / 1.414);
    for (int k = 0; k < 8; k++) {
      assertEquals(1.0 / 8, eight.weights()[k], 1e-15);
      double[] mean = {4 / 1.414 * Math.cos(k * Math.PI / 4), 4 / 1.414 * Math.sin(k * Math.PI / 4)};
      assertArrayEquals(mean, eight.components().get(k).mean(), 1e-12, "8gaussians mean " + k);
      assertArrayEquals(new double[] {variance, 0}, eight.components().get(k).covariance()[0], 1e-12);
      assertArrayEquals(new double[] {0, variance}, eight.components().get(k).covariance()[1], 1e-12);
    }
    assertEquals(new Moons(0.05), Toys.byName("moons"));
    assertEquals(Checkerboard.INSTANCE, Toys.byName("checkerboard"));
    double h = 10 * Math.sqrt(3) / 2;
    assertMixture((GaussianMixture) Toys.byName("three-gaussians-source"), new double[][] {{h, 5}, {-h, 5}, {0, -h}});
    assertMixture((GaussianMixture) Toys.byName("three-gaussians-target"), new double[][] {{h, -5}, {-h, -5}, {0, h}});
  }

  @Test
  void unknownNameSuggestsNearestAndListsValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Toys.byName("8gausians"));
    assertEquals("unknown toy distribution '8gausians' (did you mean '8gaussians'?); valid names: gaussian, 8gaussians,"
        + " moons, checkerboard, three-gaussians-source, three-gaussians-target", e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Toys.byName("three-gaussian-target"))
        .getMessage().contains("(did you mean 'three-gaussians-target'?)"));
  }

  private static void assertMixture(GaussianMixture mixture, double[][] means) {
    assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, mixture.weights(), 1e-15);
    List<Gaussian> components = mixture.components();
    assertEquals(3, components.size());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(means[k], components.get(k).mean(), 1e-12, "mean " + k);
      assertArrayEquals(new double[] {0.3, 0}, components.get(k).covariance()[0], 1e-12);
      assertArrayEquals(new double[] {0, 0.3}, components.get(k).covariance()[1], 1e-12);
    }
  }
}
