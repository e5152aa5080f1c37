package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reflow.rand.Rng;

/**
 * The hand-written float32 forward and backward passes against an independent double-precision
 * evaluation of the same network, its time encoding included (written from the formula, not
 * called): outputs agree, and every parameter's gradient matches the central finite difference of
 * the double-precision loss (ε = 1e-6, where float rounding and ReLU's kinks cannot spoil the
 * quotient).
 */
class VelocityMlpGradientTest {

  private static final int BATCH = 16;

  static List<Arguments> architectures() {
    TimeEncoding raw = new TimeEncoding.Raw();
    TimeEncoding sin = new TimeEncoding.Sinusoidal(3, 2.0);
    return List.of(
        Arguments.of(Activation.TANH, raw, new Loss.Squared()),
        Arguments.of(Activation.SILU, sin, new Loss.Squared()),
        Arguments.of(Activation.RELU, raw, new Loss.Squared()),
        Arguments.of(Activation.TANH, sin, new Loss.PseudoHuber(0.3)));
  }

  @ParameterizedTest(name = "{0}, time {1}, loss {2}")
  @MethodSource("architectures")
  void everyParameterGradientMatchesFiniteDifferencesOfADoublePrecisionReference(
      Activation activation, TimeEncoding time, Loss loss) {
    ModelSpec spec = new ModelSpec(3, List.of(8, 6), activation, time);
    VelocityMlp model = VelocityMlp.initialize(spec, Rng.of(1, "test", "init", 0));
    Batch batch = new Batch(spec);

    MlpBuffers buffers = new MlpBuffers(spec, BATCH);
    buffers.load(batch.x, 0, batch.t, 0, BATCH);
    model.forward(buffers);
    double floatLoss = loss.evaluate(buffers.outputHeap, batch.target, buffers.outputGradientHeap, BATCH, spec.dim());
    ParameterSet gradients = ParameterSet.zeros(spec);
    model.backward(buffers, gradients);

    Map<String, float[]> theta = model.parameters().toArrays();
    Reference reference = new Reference(spec, loss, batch);
    assertEquals(reference.loss(theta, null, 0, 0), floatLoss, 1e-5 * Math.max(1, floatLoss), "loss");

    Map<String, float[]> analytic = gradients.toArrays();
    double eps = 1e-6;
    int checked = 0;
    for (String name : theta.keySet()) {
      for (int i = 0; i < theta.get(name).length; i++) {
        double numeric = (reference.loss(theta, name, i, eps) - reference.loss(theta, name, i, -eps)) / (2 * eps);
        double a = analytic.get(name)[i];
        assertEquals(numeric, a, 1e-4 + 1e-3 * Math.abs(numeric), name + "[" + i + "]");
        checked++;
      }
    }
    assertEquals(model.parameters().size(), checked);
    double norm = Math.sqrt(analytic.values().stream()
        .mapToDouble(a -> { double s = 0; for (float x : a) { s += x * x; } return s; }).sum());
    assertTrue(norm > 1e-2, "a vanishing gradient would pass trivially: " + norm);
  }

  /** A fixed batch of (X_t, t, target): the loss becomes a function of θ alone. */
  private static final class Batch {
    final float[] x = new float[BATCH * 3];
    final float[] t = new float[BATCH];
    final float[] target = new float[BATCH * 3];

    Batch(ModelSpec spec) {
      Rng rng = Rng.of(3, "test", "batch", 0);
      rng.fillGaussian(x, 0, x.length);
      rng.fillGaussian(target, 0, target.length);
      for (int i = 0; i < BATCH; i++) {
        t[i] = (float) rng.nextDouble();
      }
    }
  }

  /** The same network and loss evaluated in double, written as plainly as possible. */
  private record Reference(ModelSpec spec, Loss loss, Batch batch) {

    /** Loss at θ with one entry moved by delta (or none when name is null). */
    double loss(Map<String, float[]> theta, String name, int index, double delta) {
      double total = 0;
      for (int r = 0; r < BATCH; r++) {
        double[] h = new double[spec.inputWidth()];
        for (int k = 0; k < spec.dim(); k++) {
          h[k] = batch.x[r * spec.dim() + k];
        }
        encodeTime(batch.t[r], h, spec.dim());
        for (int l = 0; l < spec.layers(); l++) {
          double[] w = weights(theta, "layer" + l + ".weight", name, index, delta);
          double[] b = weights(theta, "layer" + l + ".bias", name, index, delta);
          double[] z = new double[spec.fanOut(l)];
          for (int o = 0; o < z.length; o++) {
            z[o] = b[o];
            for (int i = 0; i < h.length; i++) {
              z[o] += h[i] * w[i * z.length + o];
            }
            if (l < spec.layers() - 1) {
              z[o] = activate(z[o]);
            }
          }
          h = z;
        }
        double sq = 0;
        for (int k = 0; k < spec.dim(); k++) {
          double d = h[k] - batch.target[r * spec.dim() + k];
          sq += d * d;
        }
        total += loss instanceof Loss.PseudoHuber ph ? Math.sqrt(sq + ph.c() * ph.c()) - ph.c() : sq;
      }
      return total / BATCH;
    }

    /**
     * The time features, from the formula rather than the production encoding: raw t, or (Vaswani
     * et al. 2017, DDPM's layout) sin(s·t·ω_k) for k &lt; F, then cos(s·t·ω_k), ω_k = 10000^(−k/F).
     */
    private void encodeTime(double t, double[] h, int offset) {
      if (spec.time() instanceof TimeEncoding.Sinusoidal sin) {
        int f = sin.frequencies();
        for (int k = 0; k < f; k++) {
          double omega = Math.exp(-Math.log(10000) * k / f);
          h[offset + k] = Math.sin(sin.scale() * t * omega);
          h[offset + f + k] = Math.cos(sin.scale() * t * omega);
        }
      } else {
        h[offset] = t;
      }
    }

    private double activate(double z) {
      return switch (spec.activation()) {
        case TANH -> Math.tanh(z);
        case RELU -> Math.max(0, z);
        case SILU -> z / (1 + Math.exp(-z));
      };
    }

    private static double[] weights(Map<String, float[]> theta, String tensor, String name, int index, double delta) {
      float[] f = theta.get(tensor);
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      if (tensor.equals(name)) {
        d[index] += delta;
      }
      return d;
    }
  }
}
