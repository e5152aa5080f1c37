package org.reflow.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reflow.data.Points;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.VelocityField;
import org.reflow.rand.Rng;

/**
 * The metrics of one flow sampled with one solver: how close its samples land to the target,
 * at what cost in function evaluations, and how far it moves them. What an evaluation records
 * per checkpoint and solver.
 *
 * @param solver the solver's canonical form, e.g. {@code euler:1}
 * @param evaluations velocity evaluations per sample (NFE)
 * @param w2 exact W2 to the target sample (NaN above {@link Wasserstein#MAX_EXACT_POINTS})
 * @param slicedW2 sliced W2 over 256 random directions
 * @param mmd squared MMD with the default RBF bandwidths
 * @param energyDistance energy distance
 * @param transportCost E‖Z1 − Z0‖² of the coupling the solver produced
 * @param crossingProbability for 2-D data, P(two random segments Z0→Z1 cross); NaN otherwise
 */
public record SampleQuality(
    String solver, int evaluations, double w2, double slicedW2, double mmd,
    double energyDistance, double transportCost, double crossingProbability) {

  /** Directions of the sliced W2. */
  public static final int SLICED_PROJECTIONS = 256;

  /** Solves the flow from x0 with {@code solver} and compares the result with {@code target}. */
  public static SampleQuality measure(VelocityField flow, Points x0, Points target, Solver solver, Rng rng) {
    return measure(flow, x0, Target.of(target, rng), solver, rng);
  }

  /**
   * A target sample made ready for {@link #measure}: the sliced W2's directions and sorted
   * projections, and the target's own terms of MMD and energy distance. Measuring several flows
   * or solvers against one target with one {@code rng}, they are the same for all of them, so an
   * evaluator makes them once and gets exactly the values it would get making them each time.
   */
  public record Target(Points points, Wasserstein.SlicedReference sliced, PreparedTarget mmd, PreparedTarget energy) {

    public static Target of(Points target, Rng rng) {
      return new Target(target, Wasserstein.SlicedReference.of(target, SLICED_PROJECTIONS, rng.derive("sliced", 0)),
          Mmd.target(target), EnergyDistance.target(target));
    }
  }

  /**
   * As {@link #measure(VelocityField, Points, Points, Solver, Rng)}, with the target made by
   * {@link Target#of} from the same target and {@code rng}.
   */
  public static SampleQuality measure(VelocityField flow, Points x0, Target target, Solver solver, Rng rng) {
    SolveResult result = solver.solve(flow, x0, false);
    Points z1 = result.points();
    boolean exact = z1.count() == target.points().count() && z1.count() <= Wasserstein.MAX_EXACT_POINTS;
    return new SampleQuality(
        solver.describe(),
        result.evaluations(),
        exact ? Wasserstein.exactW2(z1, target.points()) : Double.NaN,
        Wasserstein.slicedW2(z1, target.sliced()),
        Mmd.squared(z1, target.mmd()),
        EnergyDistance.of(z1, target.energy()),
        x0.meanSquaredDistance(z1),
        x0.dim() == 2 ? Crossings.probability(x0, z1, rng.derive("crossings", 0)) : Double.NaN);
  }

  /** The metrics by name, in a fixed order, NaN ones left out: what gets recorded. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("nfe", (double) evaluations);
    putIfNumber(m, "w2", w2);
    m.put("sliced_w2", slicedW2);
    m.put("mmd2", mmd);
    m.put("energy_distance", energyDistance);
    m.put("transport_cost", transportCost);
    putIfNumber(m, "crossing_probability", crossingProbability);
    return m;
  }

  private static void putIfNumber(Map<String, Double> m, String key, double value) {
    if (!Double.isNaN(value)) {
      m.put(key, value);
    }
  }
}
