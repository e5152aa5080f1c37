package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

class GaussianMixtureTest {

  /** Means 30 standard deviations apart: a point's nearest mean is its component. */
  private static final List<Gaussian> APART = List.of(
      Gaussian.isotropic(new double[] {0, 0}, 1),
      Gaussian.isotropic(new double[] {30, 0}, 1),
      Gaussian.isotropic(new double[] {60, 0}, 1));

  @Test
  void componentFrequenciesMatchNormalisedWeights() {
    GaussianMixture mixture = new GaussianMixture(APART, new double[] {1, 2, 7});
    assertArrayEquals(new double[] {0.1, 0.2, 0.7}, mixture.weights(), 1e-15);
    int n = 100_000;
    double[] frequency = componentFrequencies(mixture.sample(Rng.of(3, "test", "mixture", 0), n));
    for (int k = 0; k < 3; k++) {
      double w = mixture.weights()[k];
      // a binomial frequency has standard error sqrt(w(1 − w)/n)
      assertEquals(w, frequency[k], 5 * Math.sqrt(w * (1 - w) / n), "component " + k);
    }
  }

  @Test
  void zeroWeightComponentsAreNeverDrawn() {
    GaussianMixture mixture = new GaussianMixture(APART, new double[] {0, 1, 0});
    assertArrayEquals(new double[] {0, 1, 0}, componentFrequencies(mixture.sample(Rng.of(3, "test", "mixture", 1), 10_000)));
  }

  @Test
  void rejectsNegativeWeight() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GaussianMixture(APART, new double[] {1, -0.5, 1}));
    assertEquals("mixture weight 1 is -0.5; weights must be finite and >= 0", e.getMessage());
  }

  @Test
  void rejectsAllZeroWeights() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GaussianMixture(APART, new double[3]));
    assertTrue(e.getMessage().startsWith("all 3 mixture weights are 0"), e.getMessage());
  }

  @Test
  void rejectsComponentsOfDifferentDims() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GaussianMixture.equalWeights(List.of(Gaussian.standard(2), Gaussian.standard(3))));
    assertEquals("mixture components must share one dim: component 1 has dim 3, component 0 has dim 2", e.getMessage());
  }

  @Test
  void rejectsWeightCountDifferentFromComponents() {
    assertThrows(IllegalArgumentException.class, () -> new GaussianMixture(APART, new double[] {1, 1}));
  }

  private static double[] componentFrequencies(Points points) {
    double[] frequency = new double[3];
    for (int p = 0; p < points.count(); p++) {
      int nearest = Math.round(points.get(p, 0) / 30);
      frequency[Math.max(0, Math.min(2, nearest))]++;
    }
    for (int k = 0; k < 3; k++) {
      frequency[k] /= points.count();
    }
    return frequency;
  }
}
