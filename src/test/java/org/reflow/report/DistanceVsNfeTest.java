package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.reflow.data.Points;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.Fields;
import org.reflow.flow.solve.VelocityField;
import org.reflow.rand.Rng;

class DistanceVsNfeTest {

  /** v = c everywhere: every Euler grid lands exactly on x0 + c. */
  private static final VelocityField SHIFT = Fields.constant(3, 0);

  @Test
  void aFlowThatLandsOnTheTargetIsAtDistanceZeroAndCostsNEvaluationsOnAnNStepGrid() {
    Points x0 = gaussian(500);
    Points target = shifted(x0, 3);
    for (int n : new int[] {1, 4, 100}) {
      Euler euler = new Euler(n);
      SolveResult result = euler.solve(SHIFT, x0, false);
      DistanceVsNfe.Point p = DistanceVsNfe.of(euler, result, target, Rng.of(1, "test", "sliced", 0));
      assertEquals("euler:" + n, p.solver());
      assertEquals(n, p.nfe());
      assertEquals(0.0, p.w2(), 1e-5);
    }
  }

  @Test
  void aTranslatedTargetIsAtTheSlicedDistanceOfItsShift() {
    // sliced W2 of a set and its translate by s: each slice's W2² is (s·θ)², whose mean over the
    // circle is ‖s‖²/2, so SW2 ≈ ‖s‖/√2 (256 random directions: within a few percent)
    Points x0 = gaussian(500);
    Euler euler = new Euler(1);
    SolveResult stay = euler.solve(Fields.constant(0, 0), x0, false);
    DistanceVsNfe.Point p = DistanceVsNfe.of(euler, stay, shifted(x0, 3), Rng.of(1, "test", "sliced", 0));
    assertEquals(3 / Math.sqrt(2), p.w2(), 0.08 * 3 / Math.sqrt(2));
  }

  private static Points gaussian(int n) {
    Rng rng = Rng.of(7, "test", "x0", 0);
    float[] v = new float[2 * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return new Points(n, 2, v);
  }

  private static Points shifted(Points x, float dx) {
    float[] v = x.values().clone();
    for (int i = 0; i < x.count(); i++) {
      v[2 * i] += dx;
    }
    return new Points(x.count(), 2, v);
  }
}
