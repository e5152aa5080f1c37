package org.reflow.flow.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.data.Points;

class EulerTest {

  @Test
  void errorOnDecayFallsAsOneOverNWithOneEvaluationPerStep() {
    Points z0 = Fields.start();
    int[] steps = {50, 100, 200};
    double[] errors = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      Fields.Counting field = new Fields.Counting(Fields.decay(3));
      SolveResult result = new Euler(steps[i]).solve(field, z0, false);
      errors[i] = Fields.decayError(z0, result.points(), 1.0);
      assertEquals(steps[i], result.evaluations());
      assertEquals(field.calls, result.evaluations());
      assertEquals(steps[i], result.acceptedSteps());
      assertEquals(0, result.rejectedSteps());
    }
    double order = Fields.observedOrder(steps, errors);
    assertTrue(order >= 0.9 && order <= 1.1, "observed order " + order);
  }

  @Test
  void trajectoryHasNPlusOneStatesFromZ0ToTheResultAtIncreasingTimes() {
    Points z0 = Fields.start();
    float[] before = z0.values().clone();
    SolveResult result = new Euler(8).solve(Fields.decay(3), z0, true);

    List<TrajectoryState> states = result.trajectory().orElseThrow();
    assertEquals(9, states.size());
    assertArrayEquals(before, states.get(0).points().values());
    assertArrayEquals(result.points().values(), states.get(8).points().values());
    assertEquals(0.0, states.get(0).t());
    assertEquals(1.0, states.get(8).t());
    for (int k = 1; k < states.size(); k++) {
      assertEquals(k / 8.0, states.get(k).t(), 1e-15);
      assertTrue(states.get(k).t() > states.get(k - 1).t());
    }
    assertArrayEquals(before, z0.values(), "z0 must not be modified");
  }

  @Test
  void trajectoryIsEmptyUnlessRequested() {
    assertTrue(new Euler(4).solve(Fields.decay(3), Fields.start(), false).trajectory().isEmpty());
  }
}
