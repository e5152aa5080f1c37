package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EstimateTest {

  @Test
  void studentTQuantilesMatchTheTabulatedValues() {
    // Two-sided 95% critical values, e.g. any statistics textbook's t table (and scipy.stats.t.ppf).
    assertEquals(12.7062047, StudentT.quantile(0.975, 1), 1e-6);
    assertEquals(4.30265273, StudentT.quantile(0.975, 2), 1e-6);
    assertEquals(2.77644511, StudentT.quantile(0.975, 4), 1e-6);
    assertEquals(2.26215716, StudentT.quantile(0.975, 9), 1e-6);
    assertEquals(2.04522964, StudentT.quantile(0.975, 29), 1e-6);
    assertEquals(63.6567412, StudentT.quantile(0.995, 1), 1e-5);
    assertEquals(-2.77644511, StudentT.quantile(0.025, 4), 1e-6);
  }

  @Test
  void studentTCdfHasItsClosedFormsForOneAndTwoDegreesOfFreedom() {
    for (double t : new double[] {-3, -0.5, 0, 0.7, 2, 10}) {
      assertEquals(0.5 + Math.atan(t) / Math.PI, StudentT.cdf(t, 1), 1e-12, "Cauchy at " + t);
      assertEquals(0.5 + t / (2 * Math.sqrt(2 + t * t)), StudentT.cdf(t, 2), 1e-12, "df 2 at " + t);
    }
  }

  @Test
  void logGammaMatchesFactorialsAndTheHalfInteger() {
    assertEquals(Math.log(24), StudentT.logGamma(5), 1e-13);
    assertEquals(Math.log(Math.sqrt(Math.PI)), StudentT.logGamma(0.5), 1e-13);
  }

  @Test
  void aKnownSampleHasItsMeanSampleStdAndStudentInterval() {
    Estimate e = Estimate.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
    assertEquals(5, e.n());
    assertEquals(3.0, e.mean(), 1e-15);
    assertEquals(Math.sqrt(2.5), e.std(), 1e-15); // Σ(x − 3)² = 10, over n − 1 = 4
    double half = 2.77644511 * Math.sqrt(2.5) / Math.sqrt(5);
    assertEquals(3 - half, e.low(), 1e-7);
    assertEquals(3 + half, e.high(), 1e-7);
    assertEquals("3.00 ± 1.96 (n=5)", e.describe("%.2f"));

    Estimate classic = Estimate.of(List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0));
    assertEquals(5.0, classic.mean(), 1e-15);
    assertEquals(Math.sqrt(32.0 / 7), classic.std(), 1e-14);
  }

  @Test
  void oneValueHasAMeanButNoIntervalAndMissingValuesAreLeftOut() {
    Estimate one = Estimate.of(List.of(2.5, Double.NaN));
    assertEquals(1, one.n());
    assertEquals(2.5, one.mean());
    assertTrue(Double.isNaN(one.std()) && Double.isNaN(one.low()) && Double.isNaN(one.high()));
    assertEquals("2.50 (n=1)", one.describe("%.2f"));
    assertThrows(IllegalArgumentException.class, () -> Estimate.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1.0, 3));
  }
}
