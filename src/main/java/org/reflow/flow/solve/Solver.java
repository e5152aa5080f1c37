package org.reflow.flow.solve;

import org.reflow.data.Points;

/**
 * Integrates dz/dt = v(z, t) for a batch of points, from t0 to t1 (default 0 to 1, the sampling
 * direction of a rectified flow, Liu, Gong &amp; Liu 2022). The state is float32 like the model;
 * each update is computed in double and rounded once. Work buffers are allocated once per call.
 *
 * <p>Configuration names a solver in its canonical text form, which {@link #parse} reads and
 * {@link #describe} writes back: {@code euler:<steps>}, {@code heun:<steps>}, {@code rk45} (default
 * tolerances) or {@code rk45:<rtol>:<atol>}.
 */
public sealed interface Solver permits Euler, Heun, Rk45 {

  /** The accepted text forms, with examples, for error messages and help text. */
  String VALID_FORMS =
      "euler:<steps>, heun:<steps> (steps >= 1), rk45, or rk45:<rtol>:<atol>"
          + " (e.g. euler:100, heun:10, rk45:1e-5:1e-5)";

  /**
   * Integrates from {@code t0} to {@code t1} (either direction). {@code z0} is not modified.
   *
   * @param recordTrajectory keep a copy of the batch after every step (costly: one batch per step)
   * @throws IllegalArgumentException if the field's dimension differs from the points' or t0 == t1
   */
  SolveResult solve(VelocityField field, Points z0, double t0, double t1, boolean recordTrajectory);

  /** Integrates from t = 0 to t = 1. */
  default SolveResult solve(VelocityField field, Points z0, boolean recordTrajectory) {
    return solve(field, z0, 0.0, 1.0, recordTrajectory);
  }

  /** The canonical text form: {@code Solver.parse(s.describe())} equals {@code s}. */
  String describe();

  /**
   * Reads a solver from its text form; {@code rk45} alone means {@link Rk45#DEFAULT_RTOL} and
   * {@link Rk45#DEFAULT_ATOL}.
   *
   * @throws IllegalArgumentException naming the text, what is wrong with it and the valid forms
   */
  static Solver parse(String text) {
    String[] parts = text.split(":", -1);
    try {
      return switch (parts[0]) {
        case "euler" -> new Euler(steps(parts));
        case "heun" -> new Heun(steps(parts));
        case "rk45" -> switch (parts.length) {
          case 1 -> new Rk45(Rk45.DEFAULT_RTOL, Rk45.DEFAULT_ATOL);
          case 3 -> new Rk45(number(parts[1]), number(parts[2]));
          default -> throw new IllegalArgumentException("rk45 takes both tolerances or neither");
        };
        default -> throw new IllegalArgumentException("unknown solver '" + parts[0] + "'");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid solver '" + text + "' (" + e.getMessage() + "); valid forms: " + VALID_FORMS, e);
    }
  }

  private static int steps(String[] parts) {
    if (parts.length != 2) {
      throw new IllegalArgumentException(parts[0] + " needs a step count");
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("step count '" + parts[1] + "' is not an integer");
    }
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tolerance '" + text + "' is not a number");
    }
  }
}
