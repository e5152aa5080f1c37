package org.reflow.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with bias correction, in the same arithmetic order as PyTorch's {@code torch.optim.Adam}
 * (single-tensor path): m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * θ ← θ − (lr/(1−β1^t))·m / (√v/√(1−β2^t) + ε). Optional global-norm gradient clipping and an
 * exponential moving average of the weights ride on the same pass.
 *
 * <p>The moments and the EMA live on the Java heap, where the update loop vectorises; parameters
 * and gradients are copied in bulk from and to the native matrices (for the 2.7M-parameter
 * benchmark model: 2 ms per update instead of 11 ms over native buffers, measured).
 */
public final class Adam {

  private final AdamConfig config;
  private final List<String> names;
  private final float[][] firstMoment;
  private final float[][] secondMoment;
  private final float[][] theta;
  private final float[][] gradient;
  private long steps;

  private Adam(AdamConfig config, ParameterSet shape) {
    this.config = config;
    this.names = shape.names();
    int n = shape.tensorCount();
    firstMoment = new float[n][];
    secondMoment = new float[n][];
    theta = new float[n][];
    gradient = new float[n][];
    for (int t = 0; t < n; t++) {
      int size = shape.tensor(t).size();
      firstMoment[t] = new float[size];
      secondMoment[t] = new float[size];
      theta[t] = new float[size];
      gradient[t] = new float[size];
    }
  }

  /** Fresh moments (zero) for a model of this architecture. */
  public static Adam create(AdamConfig config, ModelSpec spec) {
    return new Adam(config, ParameterSet.zeros(spec));
  }

  public AdamConfig config() {
    return config;
  }

  /** Updates applied so far: t in the bias correction. */
  public long steps() {
    return steps;
  }

  /** Copies of m by tensor name. */
  public Map<String, float[]> firstMoment() {
    return copies(firstMoment);
  }

  /** Copies of v by tensor name. */
  public Map<String, float[]> secondMoment() {
    return copies(secondMoment);
  }

  /** Restores moments and update count from a checkpoint. */
  public void restore(Map<String, float[]> m, Map<String, float[]> v, long updates) {
    if (updates < 0) {
      throw new IllegalArgumentException("Adam step count must be >= 0, got " + updates);
    }
    fill(firstMoment, m, "Adam first moment");
    fill(secondMoment, v, "Adam second moment");
    this.steps = updates;
  }

  /** One update of every tensor of {@code parameters} from {@code gradients}. */
  public void update(ParameterSet parameters, ParameterSet gradients) {
    update(parameters, gradients, 0, null, 0);
  }

  /**
   * One update; first rescales the gradients to global norm {@code clipNorm} when it is positive
   * and exceeded, and afterwards moves {@code ema} towards the new weights with {@code emaDecay}
   * when ema is not null.
   */
  void update(ParameterSet parameters, ParameterSet gradients, double clipNorm, ParameterSet ema, float emaDecay) {
    steps++;
    double squaredNorm = 0;
    for (int t = 0; t < gradient.length; t++) {
      gradients.tensor(t).copyTo(gradient[t]);
      if (clipNorm > 0) {
        squaredNorm += sumOfSquares(gradient[t]);
      }
    }
    double norm = Math.sqrt(squaredNorm);
    float clip = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f; // g ← g·c/‖g‖
    float beta1 = (float) config.beta1();
    float beta2 = (float) config.beta2();
    float stepSize = (float) (config.learningRate() / (1 - Math.pow(config.beta1(), steps)));
    float secondCorrection = (float) Math.sqrt(1 - Math.pow(config.beta2(), steps));
    float eps = (float) config.epsilon();
    for (int t = 0; t < theta.length; t++) {
      parameters.tensor(t).copyTo(theta[t]);
      float[] th = theta[t];
      float[] g = gradient[t];
      float[] m = firstMoment[t];
      float[] v = secondMoment[t];
      for (int i = 0; i < th.length; i++) {
        float gi = g[i] * clip;
        float mi = beta1 * m[i] + (1 - beta1) * gi; // m_t = β1 m + (1−β1) g
        float vi = beta2 * v[i] + (1 - beta2) * gi * gi; // v_t = β2 v + (1−β2) g²
        m[i] = mi;
        v[i] = vi;
        th[i] = th[i] - stepSize * mi / ((float) Math.sqrt(vi) / secondCorrection + eps); // θ −= α̂ m / (√v̂ + ε)
      }
      parameters.tensor(t).copyFrom(th);
      if (ema != null) {
        Matrix average = ema.tensor(t);
        average.copyTo(g);
        for (int i = 0; i < th.length; i++) {
          g[i] = emaDecay * g[i] + (1 - emaDecay) * th[i]; // θ̄ ← d·θ̄ + (1 − d)·θ
        }
        average.copyFrom(g);
      }
    }
  }

  private static double sumOfSquares(float[] values) {
    double s = 0;
    for (float x : values) {
      s += x * x;
    }
    return s;
  }

  private Map<String, float[]> copies(float[][] tensors) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (int t = 0; t < tensors.length; t++) {
      out.put(names.get(t), tensors[t].clone());
    }
    return out;
  }

  private void fill(float[][] tensors, Map<String, float[]> source, String what) {
    for (int t = 0; t < tensors.length; t++) {
      float[] values = source.get(names.get(t));
      if (values == null || values.length != tensors[t].length) {
        throw new IllegalArgumentException(what + " '" + names.get(t) + "' is missing or has "
            + (values == null ? 0 : values.length) + " values instead of " + tensors[t].length);
      }
      System.arraycopy(values, 0, tensors[t], 0, values.length);
    }
  }
}
