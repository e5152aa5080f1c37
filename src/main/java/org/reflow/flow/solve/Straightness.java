package org.reflow.flow.solve;

import org.reflow.data.Points;

/**
 * The straightness of a flow (Liu, Gong &amp; Liu 2022, arXiv:2209.03003, Sec. 3.3: the S(Z) that
 * reflow drives down, Theorem 3.7),
 *
 * <pre>  S(Z) = ∫_0^1 E ‖(Z1 − Z0) − v(Z_t, t)‖² dt,</pre>
 *
 * measured along the Euler discretisation of N steps, Z the Euler trajectory and Z1 its endpoint:
 *
 * <pre>  S ≈ (1/N) Σ_k mean_i ‖(Z1_i − Z0_i) − v(Z_{t_k,i}, t_k)‖²,  t_k = k/N.</pre>
 *
 * Zero exactly when every path runs at constant velocity; in squared units of z (summed over
 * dimensions, averaged over points, like the training loss).
 */
public final class Straightness {

  private Straightness() {}

  /**
   * S of the flow of {@code v} from {@code z0} over [0, 1] on an N-step Euler grid, with N
   * evaluations: each grid velocity is the one the Euler step uses.
   *
   * <p>Euler's endpoint is Z1 = Z0 + (1/N) Σ_k v_k, so Z1 − Z0 is the mean of a path's grid
   * velocities and S is their variance over k, summed over dimensions and averaged over points.
   * It is accumulated per element with Welford's update (Welford 1962), which stores no
   * velocities, needs no second pass and gives exactly 0 for a straight flow instead of a
   * cancellation residue. Z1 − Z0 is taken as that mean in double, free of the float32 rounding
   * that the stored trajectory carries.
   *
   * @param steps N &gt;= 1
   * @return S &gt;= 0; 0 for an empty batch
   */
  public static double of(VelocityField v, Points z0, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("straightness needs steps >= 1, got " + steps);
    }
    Integration.requireSolvable(v, z0, 0, 1);
    float[] z = z0.values().clone();
    VelocityVariance variance = new VelocityVariance(z.length);
    Euler.march(v, z, z0.count(), 0, 1, steps, new float[z.length], variance);
    return z0.count() == 0 ? 0 : variance.total() / z0.count();
  }

  /** Per element, the running mean and sum of squared deviations of the grid velocities. */
  private static final class VelocityVariance implements Euler.StepObserver {

    private final double[] mean;
    private final double[] sumOfSquares;
    private int seen;

    VelocityVariance(int elements) {
      mean = new double[elements];
      sumOfSquares = new double[elements];
    }

    @Override
    public void afterStep(double tNext, float[] velocity, float[] z) {
      seen++;
      for (int i = 0; i < velocity.length; i++) {
        // Welford: m_n = m_{n-1} + (x - m_{n-1})/n,  M_n = M_{n-1} + (x - m_{n-1})(x - m_n)
        double delta = velocity[i] - mean[i];
        mean[i] += delta / seen;
        sumOfSquares[i] += delta * (velocity[i] - mean[i]);
      }
    }

    /** Σ_i M_i / N: the variance over the grid, summed over every element of the batch. */
    double total() {
      double total = 0;
      for (double s : sumOfSquares) {
        total += s;
      }
      return total / seen;
    }
  }
}
