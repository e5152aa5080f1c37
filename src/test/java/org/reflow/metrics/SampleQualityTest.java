package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reflow.data.Gaussian;
import org.reflow.data.Points;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.Heun;
import org.reflow.flow.solve.Fields;
import org.reflow.flow.solve.VelocityField;
import org.reflow.rand.Rng;

class SampleQualityTest {

  /** v = (3, 4): the flow translates every point by (3, 4), a map known in closed form. */
  private static final VelocityField TRANSLATE = Fields.constant(3, 4);

  @Test
  void aFlowThatLandsExactlyOnTheTargetScoresZeroDistanceAndItsClosedFormCost() {
    Points x0 = Gaussian.standard(2).sample(Rng.of(1, "t", "x0", 0), 300);
    float[] shifted = x0.values().clone();
    for (int i = 0; i < shifted.length; i += 2) {
      shifted[i] += 3;
      shifted[i + 1] += 4;
    }
    Points target = new Points(300, 2, shifted);
    SampleQuality q = SampleQuality.measure(TRANSLATE, x0, target, new Heun(2), Rng.of(1, "t", "m", 0));
    assertEquals("heun:2", q.solver());
    assertEquals(4, q.evaluations());
    assertEquals(0, q.w2(), 1e-5);
    assertEquals(0, q.slicedW2(), 1e-5);
    assertEquals(25, q.transportCost(), 1e-3, "|(3, 4)|² = 25");
    assertEquals(0, q.crossingProbability(), "parallel segments never cross");
    assertEquals(q.transportCost(), q.asMap().get("transport_cost"));
  }

  @Test
  void aFlowThatMissesTheTargetScoresAPositiveDistance() {
    Points x0 = Gaussian.standard(2).sample(Rng.of(1, "t", "x0", 0), 300);
    Points target = Gaussian.standard(2).sample(Rng.of(1, "t", "x1", 0), 300);
    SampleQuality q = SampleQuality.measure(TRANSLATE, x0, target, new Euler(1), Rng.of(1, "t", "m", 0));
    assertTrue(q.w2() > 4, "W2 " + q.w2() + " after a shift of length 5");
    assertTrue(q.mmd() > 0 && q.energyDistance() > 0);
    assertFalse(q.asMap().containsKey("w2") && Double.isNaN(q.asMap().get("w2")));
  }
}
