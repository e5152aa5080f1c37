package org.reflow.flow.solve;

/**
 * One solve's worth of Dormand–Prince 5(4) state: the current point, the seven stage slopes and a
 * scratch stage, allocated once and reused by every step. Coefficients are the RK5(4)7M tableau of
 * Dormand &amp; Prince (1980), "A family of embedded Runge–Kutta formulae", J. Comp. Appl. Math.
 * 6(1), Table 2. The last stage is evaluated at the new point, so an accepted step hands its slope
 * to the next step as k1 (first same as last, FSAL).
 */
final class DormandPrince {

  // Nodes c_i.
  private static final double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
  // Coupling coefficients a_ij.
  private static final double A21 = 1.0 / 5;
  private static final double A31 = 3.0 / 40, A32 = 9.0 / 40;
  private static final double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
  private static final double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187,
      A53 = 64448.0 / 6561, A54 = -212.0 / 729;
  private static final double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247,
      A64 = 49.0 / 176, A65 = -5103.0 / 18656;
  // Fifth-order weights b_i (b2 = b7 = 0); they are also row 7 of the tableau.
  private static final double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192,
      B5 = -2187.0 / 6784, B6 = 11.0 / 84;
  // Error weights e_i = b_i - b*_i, against the embedded fourth-order weights b*_i (e2 = 0).
  private static final double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920,
      E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

  private final VelocityField field;
  private final int count;
  private final double rtol;
  private final double atol;
  private float[] z;
  private float[] next;
  private float[] k1;
  private final float[] k2;
  private final float[] k3;
  private final float[] k4;
  private final float[] k5;
  private final float[] k6;
  private float[] k7;
  private final float[] stage;
  private int evaluations;

  /** Takes ownership of {@code z} as the current state. */
  DormandPrince(VelocityField field, float[] z, int count, double rtol, double atol) {
    this.field = field;
    this.z = z;
    this.count = count;
    this.rtol = rtol;
    this.atol = atol;
    int n = z.length;
    next = new float[n];
    k1 = new float[n];
    k2 = new float[n];
    k3 = new float[n];
    k4 = new float[n];
    k5 = new float[n];
    k6 = new float[n];
    k7 = new float[n];
    stage = new float[n];
  }

  float[] state() {
    return z;
  }

  int evaluations() {
    return evaluations;
  }

  /**
   * Evaluates k1 = v(z, t0) and returns the first step size by the heuristic of Hairer, Nørsett
   * &amp; Wanner, Solving ODEs I (1993), Sec. II.4, as in scipy's {@code select_initial_step}.
   * Costs two evaluations.
   */
  double start(double t0, double t1) {
    evaluate(z, t0, k1);
    double span = Math.abs(t1 - t0);
    double direction = Math.signum(t1 - t0);
    double sumZ = 0;
    double sumV = 0;
    for (int i = 0; i < z.length; i++) {
      double scale = atol + rtol * Math.abs(z[i]);
      sumZ += square(z[i] / scale);
      sumV += square(k1[i] / scale);
    }
    double d0 = rms(sumZ);
    double d1 = rms(sumV);
    if (!Double.isFinite(d0) || !Double.isFinite(d1)) {
      throw new IllegalStateException(
          "the start points or the velocity field at t=" + t0 + " are not finite (NaN or infinite)");
    }
    double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1; // Hairer II.4 (a)-(b)
    h0 = Math.min(h0, span);
    for (int i = 0; i < z.length; i++) {
      stage[i] = (float) (z[i] + direction * h0 * k1[i]); // explicit Euler probe
    }
    evaluate(stage, t0 + direction * h0, k2);
    double sumDv = 0;
    for (int i = 0; i < z.length; i++) {
      sumDv += square(((double) k2[i] - k1[i]) / (atol + rtol * Math.abs(z[i])));
    }
    double d2 = rms(sumDv) / h0; // estimate of the second derivative, Hairer II.4 (c)
    double h1 = d1 <= 1e-15 && d2 <= 1e-15
        ? Math.max(1e-6, h0 * 1e-3)
        : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5); // Hairer II.4 (e), error order 4
    return Math.min(Math.min(100 * h0, h1), span);
  }

  /**
   * Tries a step of signed size h from (t, z) into the pending state and returns its error norm:
   * the RMS over all batch elements of err_i / (atol + rtol max(|z_i|, |znew_i|)), as scipy's
   * {@code solve_ivp}. Below 1 the step meets the tolerance. Costs six evaluations.
   */
  double attempt(double t, double h) {
    int n = z.length;
    for (int i = 0; i < n; i++) {
      stage[i] = (float) (z[i] + h * (A21 * k1[i]));
    }
    evaluate(stage, t + C2 * h, k2);
    for (int i = 0; i < n; i++) {
      stage[i] = (float) (z[i] + h * (A31 * k1[i] + A32 * k2[i]));
    }
    evaluate(stage, t + C3 * h, k3);
    for (int i = 0; i < n; i++) {
      stage[i] = (float) (z[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]));
    }
    evaluate(stage, t + C4 * h, k4);
    for (int i = 0; i < n; i++) {
      stage[i] = (float) (z[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]));
    }
    evaluate(stage, t + C5 * h, k5);
    for (int i = 0; i < n; i++) {
      stage[i] = (float) (z[i]
          + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]));
    }
    evaluate(stage, t + h, k6);
    for (int i = 0; i < n; i++) {
      // fifth-order solution: z + h sum_i b_i k_i
      next[i] = (float) (z[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]));
    }
    evaluate(next, t + h, k7);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      // embedded error estimate: h sum_i (b_i - b*_i) k_i
      double err = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      sum += square(err / (atol + rtol * Math.max(Math.abs(z[i]), Math.abs(next[i]))));
    }
    return rms(sum);
  }

  /** Makes the pending state current; its last slope becomes the next step's first (FSAL). */
  void accept() {
    float[] swap = z;
    z = next;
    next = swap;
    swap = k1;
    k1 = k7;
    k7 = swap;
  }

  private void evaluate(float[] at, double t, float[] out) {
    field.evaluate(at, count, t, out);
    evaluations++;
  }

  private double rms(double sumOfSquares) {
    return z.length == 0 ? 0 : Math.sqrt(sumOfSquares / z.length);
  }

  private static double square(double x) {
    return x * x;
  }
}
