package org.reflow.flow;

import java.util.Locale;

/**
 * Hidden-layer nonlinearities, applied in place over whole buffers. Each knows its derivative in
 * terms of the pre-activation z and the activation a = f(z), whichever is cheaper.
 */
public enum Activation {
  /** The paper's toy model (Liu et al. 2022, Sec. 5.1 code): f(z) = tanh z. */
  TANH,
  RELU,
  /** SiLU / swish (Elfwing et al. 2018): f(z) = z·σ(z). */
  SILU;

  /**
   * a ← f(z) over the first {@code size} values. Flat loops over heap arrays, one per
   * activation: the shape the JIT turns into SIMD code (measured: 0.18 ms for 204,800 tanh,
   * against 2.5 ms for the same loop over a direct buffer or with per-column bias indexing).
   */
  final void apply(float[] z, float[] a, int size) {
    switch (this) {
      case TANH -> {
        for (int i = 0; i < size; i++) {
          a[i] = tanh(z[i]);
        }
      }
      case RELU -> {
        for (int i = 0; i < size; i++) {
          a[i] = Math.max(z[i], 0f);
        }
      }
      case SILU -> {
        for (int i = 0; i < size; i++) {
          a[i] = z[i] / (1f + (float) Math.exp(-z[i])); // z·σ(z)
        }
      }
    }
  }

  /** grad ← grad ⊙ f'(z), the chain rule through this activation (z pre-, a post-activation). */
  final void backward(float[] grad, float[] z, float[] a, int size) {
    switch (this) {
      case TANH -> {
        for (int i = 0; i < size; i++) {
          grad[i] = grad[i] * (1f - a[i] * a[i]); // tanh' = 1 − tanh²
        }
      }
      case RELU -> {
        for (int i = 0; i < size; i++) {
          grad[i] = z[i] > 0f ? grad[i] : 0f;
        }
      }
      case SILU -> {
        for (int i = 0; i < size; i++) {
          float s = 1f / (1f + (float) Math.exp(-z[i]));
          grad[i] = grad[i] * s * (1f + z[i] * (1f - s)); // (z·σ)' = σ(1 + z(1 − σ))
        }
      }
    }
  }

  /** The activation named in a spec ("tanh", "relu", "silu"), with an error listing the valid ones. */
  public static Activation parse(String name) {
    for (Activation a : values()) {
      if (a.name().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + name + "': use one of tanh, relu, silu");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * tanh in float precision without {@code Math.tanh}'s cost: the odd 13/6 rational
   * approximation used by Eigen's {@code generic_fast_tanh_float}, exact to a few ulp, with
   * saturation beyond |z| ≈ 7.9. Branch-free, so loops over it vectorize.
   */
  static float tanh(float z) {
    float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, z));
    float x2 = x * x;
    float p = -2.76076847742355e-16f;
    p = p * x2 + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    p = x * p;
    float q = 1.19825839466702e-06f;
    q = q * x2 + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    return p / q;
  }
}
