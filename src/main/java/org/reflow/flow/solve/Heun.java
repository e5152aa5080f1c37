package org.reflow.flow.solve;

import java.util.List;
import java.util.Optional;
import org.reflow.data.Points;

/**
 * Heun's method (explicit trapezoid, improved Euler) on an even grid: two evaluations per step,
 * second order. Every step, the last included, ends with the trapezoid corrector; the variant of
 * Karras et al. 2022 that drops the final correction is deliberately not this.
 *
 * @param steps grid size N &gt;= 1; the step is h = (t1 - t0) / N and the cost 2N evaluations
 */
public record Heun(int steps) implements Solver {

  public Heun {
    if (steps < 1) {
      throw new IllegalArgumentException("heun needs steps >= 1, got " + steps);
    }
  }

  @Override
  public SolveResult solve(
      VelocityField field, Points z0, double t0, double t1, boolean recordTrajectory) {
    Integration.requireSolvable(field, z0, t0, t1);
    int count = z0.count();
    int dim = z0.dim();
    float[] z = z0.values().clone();
    float[] predictor = new float[z.length];
    float[] k1 = new float[z.length];
    float[] k2 = new float[z.length];
    List<TrajectoryState> trajectory = Integration.newTrajectory(recordTrajectory);
    Integration.record(trajectory, t0, z, count, dim);
    double h = (t1 - t0) / steps;
    for (int k = 0; k < steps; k++) {
      double tNext = Integration.gridTime(t0, t1, k + 1, steps);
      field.evaluate(z, count, Integration.gridTime(t0, t1, k, steps), k1);
      for (int i = 0; i < z.length; i++) {
        predictor[i] = (float) (z[i] + h * k1[i]); // Euler predictor: z~ = z_k + h k1
      }
      field.evaluate(predictor, count, tNext, k2);
      for (int i = 0; i < z.length; i++) {
        z[i] = (float) (z[i] + 0.5 * h * ((double) k1[i] + k2[i])); // trapezoid: z_k + h/2 (k1 + k2)
      }
      Integration.record(trajectory, tNext, z, count, dim);
    }
    return new SolveResult(
        new Points(count, dim, z), 2 * steps, steps, 0, Optional.ofNullable(trajectory));
  }

  @Override
  public String describe() {
    return "heun:" + steps;
  }

  @Override
  public String toString() {
    return describe();
  }
}
