package org.reflow.spec;

import java.util.List;
import org.reflow.flow.solve.Solver;

/**
 * How checkpoints are judged while training runs.
 *
 * @param every evaluate each stage every this many steps (and at its last step)
 * @param samples points drawn from π0 and π1 for each evaluation (exact W2 up to 2,000)
 * @param solvers the solvers to sample with, e.g. euler:1, euler:2, rk45
 * @param metrics names from {@link #METRICS}
 */
public record EvaluationSpec(long every, int samples, List<Solver> solvers, List<String> metrics) {

  public static final List<String> METRICS = List.of(
      "w2", "sliced_w2", "mmd2", "energy_distance", "transport_cost", "straightness", "crossing_probability",
      "fd", "class_coverage", "confidence");
}
