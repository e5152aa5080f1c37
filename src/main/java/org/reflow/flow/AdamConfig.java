package org.reflow.flow;

/**
 * Adam's hyperparameters (Kingma &amp; Ba 2015).
 *
 * @param learningRate step size; the paper's toy uses 5e-3
 * @param beta1 decay of the first-moment average, default 0.9
 * @param beta2 decay of the second-moment average, default 0.999
 * @param epsilon added to √v̂ for stability, default 1e-8
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon) {

  public AdamConfig {
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("Adam learning rate must be > 0, got " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam betas must lie in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("Adam epsilon must be > 0, got " + epsilon);
    }
  }

  /** The defaults with the given learning rate. */
  public static AdamConfig withLearningRate(double learningRate) {
    return new AdamConfig(learningRate, 0.9, 0.999, 1e-8);
  }
}
