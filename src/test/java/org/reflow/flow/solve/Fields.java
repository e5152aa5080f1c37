package org.reflow.flow.solve;

import java.util.Arrays;
import org.reflow.data.Points;

/** Velocity fields with closed-form flows, and the batch the tests start from. */
public final class Fields {

  private Fields() {}

  /** Five points in three dimensions, of mixed sign and size. */
  static Points start() {
    return new Points(5, 3, new float[] {
        1.0f, -0.5f, 0.25f,
        -2.0f, 0.75f, 1.5f,
        0.1f, 0.2f, -0.3f,
        3.0f, -1.25f, 0.0f,
        -0.6f, 2.5f, -1.75f});
  }

  /** v(z, t) = −z: z(t) = z0 e^(−t). */
  static VelocityField decay(int dim) {
    return field(dim, (z, count, t, out) -> {
      for (int i = 0; i < count * dim; i++) {
        out[i] = -z[i];
      }
    });
  }

  /** v(z, t) = t in every coordinate: z(t) = z0 + t²/2. */
  static VelocityField time(int dim) {
    return field(dim, (z, count, t, out) -> Arrays.fill(out, 0, count * dim, (float) t));
  }

  /** v(x, y) = (−y, x): rotation by angle t about the origin, radius conserved. */
  static VelocityField rotation() {
    return field(2, (z, count, t, out) -> {
      for (int i = 0; i < count; i++) {
        float x = z[2 * i];
        float y = z[2 * i + 1];
        out[2 * i] = -y;
        out[2 * i + 1] = x;
      }
    });
  }

  /** v(z, t) = c, the same vector at every point and time: straight paths. */
  public static VelocityField constant(float... c) {
    return field(c.length, (z, count, t, out) -> {
      for (int i = 0; i < count; i++) {
        System.arraycopy(c, 0, out, i * c.length, c.length);
      }
    });
  }

  /** v = 0 before t = 1/2 and 10 after, in every coordinate: z(1) = z0 + 5. */
  static VelocityField jump(int dim) {
    return field(dim, (z, count, t, out) ->
        Arrays.fill(out, 0, count * dim, t < 0.5 ? 0f : 10f));
  }

  /** Body of {@link VelocityField#evaluate}. */
  @FunctionalInterface
  interface Evaluation {
    void evaluate(float[] z, int count, double t, float[] out);
  }

  static VelocityField field(int dim, Evaluation evaluation) {
    return new VelocityField() {
      @Override
      public int dim() {
        return dim;
      }

      @Override
      public void evaluate(float[] z, int count, double t, float[] out) {
        evaluation.evaluate(z, count, t, out);
      }
    };
  }

  /** Passes calls to a field and counts them. */
  static final class Counting implements VelocityField {
    private final VelocityField field;
    int calls;

    Counting(VelocityField field) {
      this.field = field;
    }

    @Override
    public int dim() {
      return field.dim();
    }

    @Override
    public void evaluate(float[] z, int count, double t, float[] out) {
      calls++;
      field.evaluate(z, count, t, out);
    }
  }

  /** Largest |z_i − z0_i e^(−t)| over every element: the error against the flow of −z. */
  static double decayError(Points z0, Points z, double t) {
    double worst = 0;
    for (int i = 0; i < z.values().length; i++) {
      worst = Math.max(worst, Math.abs(z.values()[i] - z0.values()[i] * Math.exp(-t)));
    }
    return worst;
  }

  /** Least-squares slope of log(error) against log(1/N): the observed order of convergence. */
  static double observedOrder(int[] steps, double[] errors) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < steps.length; i++) {
      mx += -Math.log(steps[i]) / steps.length;
      my += Math.log(errors[i]) / steps.length;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < steps.length; i++) {
      double dx = -Math.log(steps[i]) - mx;
      sxy += dx * (Math.log(errors[i]) - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }
}
