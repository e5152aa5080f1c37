package org.reflow.flow;

/**
 * Adam with bias correction, updating parameters in place from their gradients, in the same
 * arithmetic order as PyTorch's {@code torch.optim.Adam} (single-tensor path):
 * m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − (lr/(1−β1^t))·m / (√v/√(1−β2^t) + ε).
 */
public final class Adam {

  private final AdamConfig config;
  private final ParameterSet firstMoment;
  private final ParameterSet secondMoment;
  private long steps;

  private Adam(AdamConfig config, ParameterSet firstMoment, ParameterSet secondMoment) {
    this.config = config;
    this.firstMoment = firstMoment;
    this.secondMoment = secondMoment;
  }

  /** Fresh moments (zero) for a model of this architecture. */
  public static Adam create(AdamConfig config, ModelSpec spec) {
    return new Adam(config, ParameterSet.zeros(spec), ParameterSet.zeros(spec));
  }

  public AdamConfig config() {
    return config;
  }

  /** Updates applied so far: t in the bias correction. */
  public long steps() {
    return steps;
  }

  public ParameterSet firstMoment() {
    return firstMoment;
  }

  public ParameterSet secondMoment() {
    return secondMoment;
  }

  /** Restores the update count from a checkpoint (the moments are loaded through their sets). */
  public void restoreSteps(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("Adam step count must be >= 0, got " + steps);
    }
    this.steps = steps;
  }

  /** One update of every tensor of {@code parameters} from {@code gradients}. */
  public void update(ParameterSet parameters, ParameterSet gradients) {
    steps++;
    float beta1 = (float) config.beta1();
    float beta2 = (float) config.beta2();
    float stepSize = (float) (config.learningRate() / (1 - Math.pow(config.beta1(), steps)));
    float secondCorrection = (float) Math.sqrt(1 - Math.pow(config.beta2(), steps));
    float eps = (float) config.epsilon();
    for (int t = 0; t < parameters.tensorCount(); t++) {
      var theta = parameters.tensor(t).buffer();
      var g = gradients.tensor(t).buffer();
      var m = firstMoment.tensor(t).buffer();
      var v = secondMoment.tensor(t).buffer();
      for (int i = 0, n = parameters.tensor(t).size(); i < n; i++) {
        float gi = g.get(i);
        float mi = beta1 * m.get(i) + (1 - beta1) * gi; // m_t = β1 m + (1−β1) g
        float vi = beta2 * v.get(i) + (1 - beta2) * gi * gi; // v_t = β2 v + (1−β2) g²
        m.put(i, mi);
        v.put(i, vi);
        float denom = (float) Math.sqrt(vi) / secondCorrection + eps; // √v̂ + ε
        theta.put(i, theta.get(i) - stepSize * mi / denom);
      }
    }
  }
}
