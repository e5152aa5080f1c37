package org.reflow.flow.solve;

import java.util.ArrayList;
import java.util.List;
import org.reflow.data.Points;

/** What every solver does the same way: check its inputs, place its grid, record its states. */
final class Integration {

  private Integration() {}

  /** Rejects a field of another dimension and an empty or non-finite time interval. */
  static void requireSolvable(VelocityField field, Points z0, double t0, double t1) {
    if (field.dim() != z0.dim()) {
      throw new IllegalArgumentException(
          "velocity field has dim " + field.dim() + " but the points have dim " + z0.dim());
    }
    if (!Double.isFinite(t0) || !Double.isFinite(t1) || t0 == t1) {
      throw new IllegalArgumentException(
          "integration needs finite t0 != t1, got [" + t0 + ", " + t1 + "]; the default is [0, 1]");
    }
  }

  /** Time of grid node k of an even grid of {@code steps} steps; node {@code steps} is t1 exactly. */
  static double gridTime(double t0, double t1, int k, int steps) {
    return k == steps ? t1 : t0 + (t1 - t0) * k / steps;
  }

  /** A new list for the trajectory when recording, else null (nothing is ever added to it). */
  static List<TrajectoryState> newTrajectory(boolean record) {
    return record ? new ArrayList<>() : null;
  }

  /** Appends a copy of the state z at time t, if recording. */
  static void record(List<TrajectoryState> trajectory, double t, float[] z, int count, int dim) {
    if (trajectory != null) {
      trajectory.add(new TrajectoryState(t, new Points(count, dim, z.clone())));
    }
  }
}
