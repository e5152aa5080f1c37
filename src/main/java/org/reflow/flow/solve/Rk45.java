package org.reflow.flow.solve;

import java.util.List;
import java.util.Optional;
import org.reflow.data.Points;

/**
 * Adaptive Dormand–Prince 5(4) (Dormand &amp; Prince 1980) with FSAL, the {@code RK45} of scipy's
 * {@code solve_ivp}: the fifth-order solution is kept, the embedded fourth-order one estimates the
 * error, and the step size follows the standard controller (Hairer, Nørsett &amp; Wanner 1993,
 * Sec. II.4) with safety factor 0.9 and the step changing by a factor in [0.2, 10] (never growing
 * right after a rejection). The first step comes from Hairer's heuristic.
 *
 * <p>Cost: 2 evaluations to start (k1 and the step-size probe), then 6 per attempted step, accepted
 * or rejected, so NFE = 2 + 6 (accepted + rejected).
 *
 * @param rtol relative tolerance, &gt;= {@value #MIN_RTOL} (below that the float32 state cannot
 *     hold the accuracy asked for); default {@value #DEFAULT_RTOL}
 * @param atol absolute tolerance, &gt; 0, in the units of z; default {@value #DEFAULT_ATOL}
 */
public record Rk45(double rtol, double atol) implements Solver {

  /**
   * Relative tolerance of the RK45 sampler in the reference code of Liu, Gong &amp; Liu 2022
   * (gnobitab/RectifiedFlow, {@code ode_tol}).
   */
  public static final double DEFAULT_RTOL = 1e-5;

  /** Absolute tolerance of the same sampler ({@code ode_tol}, used for both). */
  public static final double DEFAULT_ATOL = 1e-5;

  /** About twice float32's unit roundoff 2^-24: the tightest relative accuracy the state holds. */
  public static final double MIN_RTOL = 1e-7;

  /** Attempted steps (accepted + rejected) after which a solve gives up. */
  public static final int MAX_STEPS = 100_000;

  private static final double SAFETY = 0.9;
  private static final double MIN_FACTOR = 0.2;
  private static final double MAX_FACTOR = 10;
  private static final double ERROR_EXPONENT = -1.0 / 5; // -1/(q+1), embedded order q = 4

  public Rk45 {
    if (!(rtol >= MIN_RTOL) || !Double.isFinite(rtol)) {
      throw new IllegalArgumentException(
          "rk45 needs a finite rtol >= " + MIN_RTOL + " (float32 state), got " + rtol);
    }
    if (!(atol > 0) || !Double.isFinite(atol)) {
      throw new IllegalArgumentException("rk45 needs a finite atol > 0, got " + atol);
    }
  }

  /**
   * @throws IllegalStateException if the solve needs more than {@link #MAX_STEPS} attempts, or
   *     its step shrinks to the resolution of t (the field is stiff, discontinuous or not finite)
   */
  @Override
  public SolveResult solve(
      VelocityField field, Points z0, double t0, double t1, boolean recordTrajectory) {
    Integration.requireSolvable(field, z0, t0, t1);
    int count = z0.count();
    int dim = z0.dim();
    DormandPrince stepper = new DormandPrince(field, z0.values().clone(), count, rtol, atol);
    List<TrajectoryState> trajectory = Integration.newTrajectory(recordTrajectory);
    Integration.record(trajectory, t0, stepper.state(), count, dim);
    double direction = Math.signum(t1 - t0);
    double t = t0;
    double size = stepper.start(t0, t1);
    int accepted = 0;
    int rejected = 0;
    boolean afterRejection = false;
    while (t != t1) { // the last step is clipped to land on t1 exactly
      if (accepted + rejected >= MAX_STEPS) {
        throw failure("gave up after " + MAX_STEPS + " steps", t, accepted, rejected);
      }
      if (size < 10 * Math.ulp(t)) {
        throw failure("needed a step below the resolution of t", t, accepted, rejected);
      }
      double tNext = direction * (t + direction * size - t1) > 0 ? t1 : t + direction * size;
      double h = tNext - t;
      double error = stepper.attempt(t, h);
      if (error < 1) {
        // controller: h_new = h min(max_factor, safety err^(-1/5)), no growth right after a rejection
        double factor = error == 0 ? MAX_FACTOR
            : Math.min(MAX_FACTOR, SAFETY * Math.pow(error, ERROR_EXPONENT));
        size = Math.abs(h) * (afterRejection ? Math.min(1, factor) : factor);
        stepper.accept();
        t = tNext;
        accepted++;
        afterRejection = false;
        Integration.record(trajectory, t, stepper.state(), count, dim);
      } else {
        // controller on rejection: h_new = h max(min_factor, safety err^(-1/5)); NaN shrinks most
        size = Math.abs(h) * (Double.isNaN(error) ? MIN_FACTOR
            : Math.max(MIN_FACTOR, SAFETY * Math.pow(error, ERROR_EXPONENT)));
        rejected++;
        afterRejection = true;
      }
    }
    return new SolveResult(new Points(count, dim, stepper.state()), stepper.evaluations(),
        accepted, rejected, Optional.ofNullable(trajectory));
  }

  private IllegalStateException failure(String what, double t, int accepted, int rejected) {
    return new IllegalStateException(describe() + " " + what + " at t=" + t + " (" + accepted
        + " accepted, " + rejected + " rejected): the field is stiff, discontinuous or not finite"
        + " there; loosen rtol/atol, check the field, or use a fixed-step solver");
  }

  /** {@code rk45:<rtol>:<atol>}, always with both tolerances so a record states what ran. */
  @Override
  public String describe() {
    return "rk45:" + format(rtol) + ":" + format(atol);
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Shortest round-tripping decimal, without a redundant ".0" mantissa: 1e-5, 2.5e-6, 0.001. */
  private static String format(double x) {
    return Double.toString(x).replace(".0E", "E").replace('E', 'e');
  }
}
