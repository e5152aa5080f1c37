package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

class TimeSamplingTest {

  private static final int N = 200_000;

  @Test
  void uniformLogitNormalAndUShapedFollowTheirClosedFormCdfs() {
    double a = 4;
    // Kolmogorov–Smirnov distance against each CDF; 1.63/√N is the 1% critical value.
    assertKs(new TimeSampling.Uniform(), t -> t);
    assertKs(new TimeSampling.LogitNormal(0, 1), t -> normalCdf(Math.log(t / (1 - t))));
    assertKs(new TimeSampling.UShaped(a),
        t -> (Math.sinh(a * (t - 0.5)) + Math.sinh(a / 2)) / (2 * Math.sinh(a / 2)));
  }

  @Test
  void uShapedPutsMoreMassNearTheEndsThanTheMiddle() {
    double[] t = draw(new TimeSampling.UShaped(4));
    long ends = Arrays.stream(t).filter(x -> x < 0.1 || x > 0.9).count();
    long middle = Arrays.stream(t).filter(x -> x > 0.4 && x < 0.6).count();
    assertTrue(ends > 3 * middle, ends + " vs " + middle);
  }

  @Test
  void distillationGridDrawsOnlyGridPointsAndOneStepDrawsZero() {
    for (double t : draw(new TimeSampling.Grid(1))) {
      assertEquals(0.0, t);
    }
    double[] t = draw(new TimeSampling.Grid(4));
    assertTrue(Arrays.stream(t).allMatch(x -> x == 0 || x == 0.25 || x == 0.5 || x == 0.75));
    assertEquals(0.25, Arrays.stream(t).filter(x -> x == 0.5).count() / (double) N, 0.01);
  }

  @Test
  void parseReadsEveryFormAndRejectsOthersWithTheValidList() {
    assertEquals(new TimeSampling.UShaped(4), TimeSampling.parse("u-shaped"));
    assertEquals(new TimeSampling.LogitNormal(0.5, 2), TimeSampling.parse("logit-normal:0.5:2"));
    assertEquals(new TimeSampling.Grid(2), TimeSampling.parse("grid:2"));
    var e = assertThrows(IllegalArgumentException.class, () -> TimeSampling.parse("beta:2"));
    assertTrue(e.getMessage().contains("uniform, logit-normal"), e.getMessage());
  }

  private static void assertKs(TimeSampling sampling, DoubleUnaryOperator cdf) {
    double[] t = draw(sampling);
    Arrays.sort(t);
    double d = 0;
    for (int i = 0; i < N; i++) {
      double f = cdf.applyAsDouble(t[i]);
      d = Math.max(d, Math.max(Math.abs(f - (double) i / N), Math.abs(f - (double) (i + 1) / N)));
    }
    assertTrue(d < 1.63 / Math.sqrt(N), sampling + ": KS distance " + d);
  }

  private static double[] draw(TimeSampling sampling) {
    Rng rng = Rng.of(7, "test", "time", 0);
    double[] t = new double[N];
    for (int i = 0; i < N; i++) {
      t[i] = sampling.sample(rng);
    }
    return t;
  }

  private static double normalCdf(double x) {
    // Abramowitz & Stegun 7.1.26 erf approximation, |error| < 1.5e-7.
    double z = Math.abs(x) / Math.sqrt(2);
    double k = 1 / (1 + 0.3275911 * z);
    double erf = 1 - k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429)))) * Math.exp(-z * z);
    return 0.5 * (1 + Math.signum(x) * erf);
  }
}
