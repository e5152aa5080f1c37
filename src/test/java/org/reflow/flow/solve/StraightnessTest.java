package org.reflow.flow.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.data.Points;

class StraightnessTest {

  @Test
  void constantFieldIsExactlyStraight() {
    assertEquals(0.0, Straightness.of(Fields.constant(0.3f, -1.7f, 2.2f), Fields.start(), 50));
  }

  /**
   * For v = −z the Euler grid velocities of a path are −z0 r^k, r = 1 − 1/N, so S_N = mean|z0|²
   * [(1 − r^(2N)) / (2 − h) − (1 − r^N)²] (the variance of r^k over k = 0..N−1).
   */
  @Test
  void decayMatchesItsEulerClosedForm() {
    Points z0 = Fields.start();
    int n = 10;
    double h = 1.0 / n;
    double r = 1 - h;
    double expected =
        meanSquaredNorm(z0) * ((1 - Math.pow(r, 2 * n)) / (2 - h) - Math.pow(1 - Math.pow(r, n), 2));
    assertEquals(expected, Straightness.of(Fields.decay(3), z0, n), 1e-6 * expected);
  }

  /** Continuous flow of −z: S = |z0|² ∫_0^1 (e^(−1) − 1 + e^(−t))² dt = |z0|² [(1 − e^(−2))/2 − (1 − e^(−1))²]. */
  @Test
  void decayApproachesTheContinuousIntegralOnAFineGrid() {
    Points z0 = Fields.start();
    double continuous =
        meanSquaredNorm(z0) * ((1 - Math.exp(-2)) / 2 - Math.pow(1 - Math.exp(-1), 2));
    assertEquals(continuous, Straightness.of(Fields.decay(3), z0, 4000), 1e-3 * continuous);
  }

  /** The literal definition, on a recorded Euler trajectory with v evaluated again at each state. */
  @Test
  void matchesTheDefinitionOnTheRecordedEulerTrajectoryWithOneEvaluationPerStep() {
    VelocityField curved = Fields.field(3, (z, count, t, out) -> {
      for (int i = 0; i < count * 3; i++) {
        out[i] = (float) (Math.sin(3 * z[i]) + t * t - 0.5 * z[(i + 1) % (count * 3)]);
      }
    });
    Points z0 = Fields.start();
    int n = 25;
    List<TrajectoryState> states = new Euler(n).solve(curved, z0, true).trajectory().orElseThrow();
    float[] z1 = states.get(n).points().values();
    float[] v = new float[z1.length];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      curved.evaluate(states.get(k).points().values(), z0.count(), states.get(k).t(), v);
      for (int i = 0; i < v.length; i++) {
        double d = ((double) z1[i] - z0.values()[i]) - v[i];
        sum += d * d;
      }
    }
    double definition = sum / n / z0.count();

    Fields.Counting counted = new Fields.Counting(curved);
    assertEquals(definition, Straightness.of(counted, z0, n), 1e-5 * definition);
    assertEquals(n, counted.calls);
  }

  @Test
  void zeroStepsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Straightness.of(Fields.decay(3), Fields.start(), 0));
  }

  @Test
  void emptyBatchHasStraightnessZero() {
    assertEquals(0.0, Straightness.of(Fields.decay(3), Points.zeros(0, 3), 10));
  }

  private static double meanSquaredNorm(Points z) {
    return z.meanSquaredDistance(Points.zeros(z.count(), z.dim()));
  }
}
