package org.reflow.report;

import java.util.List;
import org.reflow.data.Points;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.Rk45;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.Solver;
import org.reflow.metrics.Wasserstein;
import org.reflow.rand.Rng;

/**
 * How close a flow's samples land to the target for the function evaluations spent: the plot
 * that shows one-step generation improving with each reflow (Liu, Gong &amp; Liu 2022, Fig. 4).
 * The distance is sliced W2: exact W2 on 1,000 points costs about a second per solve, sliced W2
 * a few milliseconds, and both fall together as samples approach the target.
 */
public final class DistanceVsNfe {

  /** Euler grids of the plot, N = 1, 2, 4, …, 64 and 100 (the samples shown at many steps). */
  public static final List<Solver> EULER_GRIDS = List.of(
      new Euler(1), new Euler(2), new Euler(4), new Euler(8), new Euler(16), new Euler(32), new Euler(64), new Euler(100));

  /** The adaptive solver beside them, at the paper's tolerances. */
  public static final Solver RK45 = new Rk45(Rk45.DEFAULT_RTOL, Rk45.DEFAULT_ATOL);

  /** Random directions of the sliced W2, as the evaluations use. */
  public static final int PROJECTIONS = 256;

  private DistanceVsNfe() {}

  /** One solve: the solver, its function evaluations per sample, and sliced W2 of its samples to the target. */
  public record Point(String solver, int nfe, double w2) {}

  /**
   * The point of one solve: its NFE and the sliced W2 of its samples to {@code target} (equal
   * counts), over {@link #PROJECTIONS} directions drawn from {@code rng}.
   */
  public static Point of(Solver solver, SolveResult result, Points target, Rng rng) {
    return new Point(solver.describe(), result.evaluations(), Wasserstein.slicedW2(result.points(), target, PROJECTIONS, rng));
  }

  /** The point of one solve against a target made ready once ({@link Wasserstein.SlicedReference}, {@link #PROJECTIONS} directions). */
  public static Point of(Solver solver, SolveResult result, Wasserstein.SlicedReference target) {
    return new Point(solver.describe(), result.evaluations(), Wasserstein.slicedW2(result.points(), target));
  }
}
