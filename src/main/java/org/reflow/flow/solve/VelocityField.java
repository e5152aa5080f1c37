package org.reflow.flow.solve;

/**
 * A time-dependent velocity field v(z, t) evaluated on a batch of points. Solvers integrate
 * dz/dt = v(z, t); the learned flow, and closed-form fields in tests, implement this.
 */
public interface VelocityField {

  int dim();

  /**
   * Writes v(z_i, t) for the first {@code count} points of {@code z} (row-major, {@code dim()}
   * values each) into {@code out}. Must not keep references to either array.
   */
  void evaluate(float[] z, int count, double t, float[] out);
}
