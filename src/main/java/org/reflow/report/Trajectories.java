package org.reflow.report;

import java.util.ArrayList;
import java.util.List;
import org.reflow.data.Points;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.TrajectoryState;
import org.reflow.flow.solve.VelocityField;

/**
 * The paths particles take from π0 to π1 under a flow: what shows a rectified flow's paths
 * straightening with each reflow.
 */
public final class Trajectories {

  private Trajectories() {}

  /**
   * Integrates every point of {@code x0} with Euler on {@code steps} steps and returns one path
   * per point: its positions at t = 0, 1/steps, …, 1, as {@code steps + 1} points.
   */
  public static List<Points> of(VelocityField flow, Points x0, int steps) {
    SolveResult result = new Euler(steps).solve(flow, x0, true);
    List<TrajectoryState> states = result.trajectory().orElseThrow();
    int dim = x0.dim();
    List<Points> paths = new ArrayList<>(x0.count());
    for (int i = 0; i < x0.count(); i++) {
      float[] path = new float[states.size() * dim];
      for (int k = 0; k < states.size(); k++) {
        System.arraycopy(states.get(k).points().values(), i * dim, path, k * dim, dim);
      }
      paths.add(new Points(states.size(), dim, path));
    }
    return paths;
  }
}
