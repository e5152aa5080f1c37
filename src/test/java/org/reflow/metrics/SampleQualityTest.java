package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
  void aFlowThatMissesTheTargetByAShiftScoresTheClosedFormDistancesOfThatShift() {
    // the target is x0 itself, so the samples x0 + (3, 4) miss it by exactly the shift s = (3, 4)
    Points x0 = Gaussian.standard(2).sample(Rng.of(1, "t", "x0", 0), 300);
    SampleQuality q = SampleQuality.measure(TRANSLATE, x0, x0, new Euler(1), Rng.of(1, "t", "m", 0));
    // a set against its own translate: every permutation moves the mean by s, the identity adds nothing else
    assertEquals(5, q.w2(), 1e-5, "exact W2 between a set and its shift by s is |s|");
    assertTrue(q.slicedW2() > 0 && q.slicedW2() <= q.w2() + 1e-5, "0 < sliced W2 <= W2, got " + q.slicedW2());
    assertEquals(shiftedSetMmd(x0, 3, 4), q.mmd(), 1e-6 * shiftedSetMmd(x0, 3, 4));
    assertEquals(shiftedSetEnergy(x0, 3, 4), q.energyDistance(), 1e-6 * shiftedSetEnergy(x0, 3, 4));
    assertEquals(25, q.transportCost(), 1e-3, "|(3, 4)|² = 25");
    assertEquals(Map.of("nfe", 1.0, "w2", q.w2(), "sliced_w2", q.slicedW2(), "mmd2", q.mmd(),
        "energy_distance", q.energyDistance(), "transport_cost", q.transportCost(), "crossing_probability", 0.0), q.asMap());
  }

  @Test
  void aSampleTooLargeForExactW2RecordsNoW2AndEveryOtherMetric() {
    int n = Wasserstein.MAX_EXACT_POINTS + 1;
    Points x0 = Gaussian.standard(2).sample(Rng.of(1, "t", "x0", 0), n);
    Points target = Gaussian.standard(2).sample(Rng.of(1, "t", "x1", 0), n);
    SampleQuality q = SampleQuality.measure(TRANSLATE, x0, target, new Euler(1), Rng.of(1, "t", "m", 0));
    assertTrue(Double.isNaN(q.w2()));
    assertEquals(List.of("nfe", "sliced_w2", "mmd2", "energy_distance", "transport_cost", "crossing_probability"),
        List.copyOf(q.asMap().keySet()));
  }

  /**
   * MMD² between x and x + s with the default kernels (h = c·√2, c ∈ {0.1, 0.5, 1, 2, 5}), written
   * through translation invariance: k(x_i, x_j) = k(y_i, y_j), so MMD² = (2/n²) Σ_ij [k(d_ij) − k(d_ij − s)].
   */
  private static double shiftedSetMmd(Points x, double sx, double sy) {
    double sum = 0;
    for (int i = 0; i < x.count(); i++) {
      for (int j = 0; j < x.count(); j++) {
        double dx = (double) x.get(i, 0) - x.get(j, 0);
        double dy = (double) x.get(i, 1) - x.get(j, 1);
        for (double c : new double[] {0.1, 0.5, 1, 2, 5}) {
          double h2 = 2 * c * c; // h² with h = c·√2
          sum += Math.exp(-(dx * dx + dy * dy) / (2 * h2)) - Math.exp(-((dx - sx) * (dx - sx) + (dy - sy) * (dy - sy)) / (2 * h2));
        }
      }
    }
    return 2 * sum / ((double) x.count() * x.count());
  }

  /** Energy distance between x and x + s, the same way: (2/n²) Σ_ij [‖d_ij − s‖ − ‖d_ij‖]. */
  private static double shiftedSetEnergy(Points x, double sx, double sy) {
    double sum = 0;
    for (int i = 0; i < x.count(); i++) {
      for (int j = 0; j < x.count(); j++) {
        double dx = (double) x.get(i, 0) - x.get(j, 0);
        double dy = (double) x.get(i, 1) - x.get(j, 1);
        sum += Math.hypot(dx - sx, dy - sy) - Math.hypot(dx, dy);
      }
    }
    return 2 * sum / ((double) x.count() * x.count());
  }
}
