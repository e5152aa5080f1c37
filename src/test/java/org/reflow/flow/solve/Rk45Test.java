package org.reflow.flow.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.data.Points;

class Rk45Test {

  private static final Rk45 TIGHT = new Rk45(1e-6, 1e-6);

  @Test
  void toleranceOf1e6KeepsDecayWithin1e5OfClosedForm() {
    Points z0 = Fields.start();
    SolveResult result = TIGHT.solve(Fields.decay(3), z0, false);
    double error = Fields.decayError(z0, result.points(), 1.0);
    assertTrue(error < 1e-5, "error " + error);
    assertTrue(result.acceptedSteps() > 1, "a smooth solve over [0, 1] still takes several steps");
  }

  @Test
  void reportedEvaluationsAreTheCallsMadeTwoPlusSixPerAttemptedStep() {
    Fields.Counting field = new Fields.Counting(Fields.jump(3));
    SolveResult result = TIGHT.solve(field, Fields.start(), false);
    assertEquals(field.calls, result.evaluations());
    assertEquals(2 + 6 * (result.acceptedSteps() + result.rejectedSteps()), result.evaluations());
    assertTrue(result.rejectedSteps() > 0, "a jump in v must cost rejected steps");
  }

  /**
   * An embedded estimate cannot see all of a discontinuity inside a step, so the error is above
   * the tolerance; scipy's solve_ivp lands on the same z0 + 5.000188.
   */
  @Test
  void stepsAcrossAJumpInVelocityLandWithin3e4OfTheClosedForm() {
    Points z0 = Fields.start();
    SolveResult result = TIGHT.solve(Fields.jump(3), z0, false);
    for (int i = 0; i < z0.values().length; i++) {
      assertEquals(z0.values()[i] + 5.0, result.points().values()[i], 3e-4);
    }
  }

  /** Reference counts from scipy 1.17 {@code solve_ivp(method='RK45', rtol=1e-6, atol=1e-6)}. */
  @Test
  void stepCountsMatchScipySolveIvpOnDecayAndJump() {
    SolveResult decay = TIGHT.solve(Fields.decay(3), Fields.start(), false);
    assertEquals(List.of(32, 5, 0),
        List.of(decay.evaluations(), decay.acceptedSteps(), decay.rejectedSteps()));
    SolveResult jump = TIGHT.solve(Fields.jump(3), Fields.start(), false);
    assertEquals(List.of(182, 18, 12),
        List.of(jump.evaluations(), jump.acceptedSteps(), jump.rejectedSteps()));
  }

  @Test
  void rotationKeepsRadiusAndTurnsByOneRadian() {
    Points z0 = new Points(3, 2, new float[] {1f, 0f, -0.5f, 2f, 0.3f, -0.4f});
    Points z1 = TIGHT.solve(Fields.rotation(), z0, false).points();
    for (int i = 0; i < z0.count(); i++) {
      double x = z0.get(i, 0);
      double y = z0.get(i, 1);
      double radius = Math.hypot(x, y);
      assertEquals(radius, Math.hypot(z1.get(i, 0), z1.get(i, 1)), 1e-5 * radius);
      assertEquals(x * Math.cos(1) - y * Math.sin(1), z1.get(i, 0), 1e-5);
      assertEquals(x * Math.sin(1) + y * Math.cos(1), z1.get(i, 1), 1e-5);
    }
  }

  @Test
  void trajectoryHasTheStartAndEveryAcceptedStepInIncreasingTime() {
    Points z0 = Fields.start();
    SolveResult result = TIGHT.solve(Fields.decay(3), z0, true);
    List<TrajectoryState> states = result.trajectory().orElseThrow();
    assertEquals(result.acceptedSteps() + 1, states.size());
    assertArrayEquals(z0.values(), states.get(0).points().values());
    assertArrayEquals(result.points().values(), states.get(states.size() - 1).points().values());
    assertEquals(0.0, states.get(0).t());
    assertEquals(1.0, states.get(states.size() - 1).t());
    for (int k = 1; k < states.size(); k++) {
      assertTrue(states.get(k).t() > states.get(k - 1).t());
      double error = Fields.decayError(z0, states.get(k).points(), states.get(k).t());
      assertTrue(error < 1e-5, "state " + k + " is not on the flow: error " + error);
    }
  }

  @Test
  void runsBackwardFromOneToZeroOnDecay() {
    Points z0 = Fields.start();
    float[] atOne = z0.values().clone();
    for (int i = 0; i < atOne.length; i++) {
      atOne[i] = (float) (atOne[i] * Math.exp(-1));
    }
    Points back = TIGHT.solve(Fields.decay(3), new Points(5, 3, atOne), 1.0, 0.0, false).points();
    for (int i = 0; i < atOne.length; i++) {
      assertEquals(z0.values()[i], back.values()[i], 2e-5);
    }
  }

  @Test
  void stiffFieldStopsAtMaxStepsWithAnExceptionSayingWhatToDo() {
    VelocityField stiff = Fields.field(1, (z, count, t, out) -> {
      for (int i = 0; i < count; i++) {
        out[i] = -1e7f * z[i];
      }
    });
    Points z0 = new Points(1, 1, new float[] {1f});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TIGHT.solve(stiff, z0, false));
    assertTrue(e.getMessage().contains("gave up after " + Rk45.MAX_STEPS + " steps"), e.getMessage());
    assertTrue(e.getMessage().contains("loosen rtol/atol"), e.getMessage());
  }

  @Test
  void fieldTurningNanMidwayFailsWhereTheStepCannotShrinkFurther() {
    VelocityField broken = Fields.field(3, (z, count, t, out) ->
        Arrays.fill(out, 0, count * 3, t > 0.5 ? Float.NaN : 1f));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TIGHT.solve(broken, Fields.start(), false));
    assertTrue(e.getMessage().contains("below the resolution of t at t=0.4"), e.getMessage());
  }

  @Test
  void nonFiniteStartIsReportedBeforeAnyStep() {
    VelocityField nan = Fields.field(3, (z, count, t, out) -> Arrays.fill(out, Float.NaN));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TIGHT.solve(nan, Fields.start(), false));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
  }
}
