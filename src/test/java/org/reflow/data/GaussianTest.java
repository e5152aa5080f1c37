package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

class GaussianTest {

  private static final int N = 200_000;

  private static final double[][] SIGMA = {{4, 1.2, -0.6}, {1.2, 2, 0.3}, {-0.6, 0.3, 1}};

  private static Rng rng(long counter) {
    return Rng.of(42, "test", "gaussian", counter);
  }

  @Test
  void isotropicSamplesHaveGivenMeanAndCovariance() {
    double[] mean = {3, -1};
    Moments.assertMatch(Gaussian.isotropic(mean, 2).sample(rng(0), N), mean, new double[][] {{4, 0}, {0, 4}});
  }

  @Test
  void diagonalSamplesHavePerAxisVariances() {
    double[] mean = {0, 5, -5};
    Moments.assertMatch(Gaussian.diagonal(mean, new double[] {0.5, 1, 3}).sample(rng(1), N), mean,
        new double[][] {{0.25, 0, 0}, {0, 1, 0}, {0, 0, 9}});
  }

  @Test
  void fullCovarianceSamplesReproduceCorrelations() {
    double[] mean = {1, 2, 3};
    Moments.assertMatch(Gaussian.withCovariance(mean, SIGMA).sample(rng(2), N), mean, SIGMA);
  }

  @Test
  void choleskyFactorReproducesCovarianceExactly() {
    double[][] back = Gaussian.withCovariance(new double[3], SIGMA).covariance();
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(SIGMA[i], back[i], 1e-12);
    }
  }

  @Test
  void standardIsZeroMeanIdentityCovariance() {
    Gaussian g = Gaussian.standard(2);
    assertArrayEquals(new double[2], g.mean());
    assertArrayEquals(new double[] {1, 0}, g.covariance()[0]);
    assertArrayEquals(new double[] {0, 1}, g.covariance()[1]);
  }

  @Test
  void rejectsCovarianceWithNegativeEigenvalue() {
    // eigenvalues 3 and −1
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gaussian.withCovariance(new double[2], new double[][] {{1, 2}, {2, 1}}));
    assertTrue(e.getMessage().startsWith("covariance is not positive definite: axis 1 has variance -3.0"), e.getMessage());
  }

  @Test
  void rejectsSingularCovariance() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gaussian.withCovariance(new double[2], new double[][] {{1, 1}, {1, 1}}));
    assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
  }

  @Test
  void rejectsAsymmetricCovariance() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gaussian.withCovariance(new double[2], new double[][] {{1, 0.5}, {0.2, 1}}));
    assertEquals("covariance is not symmetric: entry (1, 0) is 0.2 but (0, 1) is 0.5", e.getMessage());
  }

  @Test
  void rejectsNonPositiveStd() {
    assertThrows(IllegalArgumentException.class, () -> Gaussian.isotropic(new double[2], 0));
    assertThrows(IllegalArgumentException.class, () -> Gaussian.diagonal(new double[2], new double[] {1, -1}));
  }
}
