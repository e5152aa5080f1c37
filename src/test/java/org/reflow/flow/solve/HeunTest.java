package org.reflow.flow.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reflow.data.Points;

class HeunTest {

  @Test
  void errorOnDecayFallsAsOneOverNSquaredWithTwoEvaluationsPerStep() {
    Points z0 = Fields.start();
    int[] steps = {10, 20, 40};
    double[] errors = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      Fields.Counting field = new Fields.Counting(Fields.decay(3));
      SolveResult result = new Heun(steps[i]).solve(field, z0, false);
      errors[i] = Fields.decayError(z0, result.points(), 1.0);
      assertEquals(2 * steps[i], result.evaluations());
      assertEquals(field.calls, result.evaluations());
    }
    double order = Fields.observedOrder(steps, errors);
    assertTrue(order >= 1.9 && order <= 2.1, "observed order " + order);
  }

  /** The trapezoid is exact for a velocity linear in t; skipping the last corrector is not. */
  @Test
  void oneStepIntegratesDzDtEqualsTExactly() {
    Points z0 = Fields.start();
    SolveResult result = new Heun(1).solve(Fields.time(3), z0, false);
    for (int i = 0; i < z0.values().length; i++) {
      assertEquals(z0.values()[i] + 0.5, result.points().values()[i], 1e-6);
    }
  }

  @Test
  void runsBackwardFromOneToZeroOnDzDtEqualsT() {
    Points z0 = Fields.start();
    float[] atOne = z0.values().clone();
    for (int i = 0; i < atOne.length; i++) {
      atOne[i] += 0.5f;
    }
    SolveResult result = new Heun(3).solve(Fields.time(3), new Points(5, 3, atOne), 1.0, 0.0, true);
    for (int i = 0; i < atOne.length; i++) {
      assertEquals(z0.values()[i], result.points().values()[i], 1e-6);
    }
    assertEquals(0.0, result.trajectory().orElseThrow().get(3).t());
  }
}
