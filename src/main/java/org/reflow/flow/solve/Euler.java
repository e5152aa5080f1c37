package org.reflow.flow.solve;

import java.util.List;
import java.util.Optional;
import org.reflow.data.Points;

/**
 * Forward Euler on an even grid of {@code steps} steps: one evaluation per step, first order.
 * {@code euler:1} is the one-step generation of a (re)rectified flow (Liu, Gong &amp; Liu 2022).
 *
 * @param steps grid size N &gt;= 1; the step is h = (t1 - t0) / N
 */
public record Euler(int steps) implements Solver {

  public Euler {
    if (steps < 1) {
      throw new IllegalArgumentException("euler needs steps >= 1, got " + steps);
    }
  }

  @Override
  public SolveResult solve(
      VelocityField field, Points z0, double t0, double t1, boolean recordTrajectory) {
    Integration.requireSolvable(field, z0, t0, t1);
    int count = z0.count();
    int dim = z0.dim();
    float[] z = z0.values().clone();
    float[] velocity = new float[z.length];
    List<TrajectoryState> trajectory = Integration.newTrajectory(recordTrajectory);
    Integration.record(trajectory, t0, z, count, dim);
    march(field, z, count, t0, t1, steps, velocity,
        (tNext, v, state) -> Integration.record(trajectory, tNext, state, count, dim));
    return new SolveResult(new Points(count, dim, z), steps, steps, 0, Optional.ofNullable(trajectory));
  }

  @Override
  public String describe() {
    return "euler:" + steps;
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Sees each Euler step once it is taken: the velocity it used and the state it reached. */
  @FunctionalInterface
  interface StepObserver {
    void afterStep(double tNext, float[] velocity, float[] z);
  }

  /**
   * Advances {@code z} in place over the grid, evaluating into {@code velocity}; the one Euler
   * loop, shared with {@link Straightness} so both follow the same trajectory.
   */
  static void march(VelocityField field, float[] z, int count, double t0, double t1, int steps,
      float[] velocity, StepObserver observer) {
    double h = (t1 - t0) / steps;
    for (int k = 0; k < steps; k++) {
      field.evaluate(z, count, Integration.gridTime(t0, t1, k, steps), velocity);
      for (int i = 0; i < z.length; i++) {
        z[i] = (float) (z[i] + h * velocity[i]); // Euler step: z_{k+1} = z_k + h v(z_k, t_k)
      }
      observer.afterStep(Integration.gridTime(t0, t1, k + 1, steps), velocity, z);
    }
  }
}
