package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {

  private static final ModelSpec TINY = new ModelSpec(1, List.of(2), Activation.TANH, new TimeEncoding.Raw());

  @Test
  void firstStepMovesEachParameterByTheLearningRateAgainstItsGradientSign() {
    // After one step m̂ = g and v̂ = g², so Δθ = −lr·g/(|g| + ε) ≈ −lr·sign(g).
    ParameterSet theta = ParameterSet.zeros(TINY);
    ParameterSet grad = ParameterSet.zeros(TINY);
    float[] g = {0.5f, -2f, 3e-3f, -7f};
    grad.load(Map.of("layer0.weight", g, "layer0.bias", new float[] {1, -1}, "layer1.weight", new float[] {4, -4}, "layer1.bias", new float[] {0}));
    Adam adam = Adam.create(AdamConfig.withLearningRate(0.01), TINY);
    adam.update(theta, grad);
    float[] w = theta.toArrays().get("layer0.weight");
    for (int i = 0; i < g.length; i++) {
      assertEquals(-0.01 * g[i] / (Math.abs(g[i]) + 1e-8), w[i], 1e-7);
    }
    assertEquals(0f, theta.toArrays().get("layer1.bias")[0], "zero gradient, zero step");
  }

  @Test
  void secondStepFollowsTheBiasCorrectedMoments() {
    ParameterSet theta = ParameterSet.zeros(TINY);
    ParameterSet grad = ParameterSet.zeros(TINY);
    Adam adam = Adam.create(new AdamConfig(0.1, 0.9, 0.99, 1e-8), TINY);
    grad.load(Map.of("layer0.weight", new float[] {1, 1, 1, 1}, "layer0.bias", new float[] {1, 1}, "layer1.weight", new float[] {1, 1}, "layer1.bias", new float[] {1}));
    adam.update(theta, grad);
    grad.load(Map.of("layer0.weight", new float[] {3, 3, 3, 3}, "layer0.bias", new float[] {3, 3}, "layer1.weight", new float[] {3, 3}, "layer1.bias", new float[] {3}));
    adam.update(theta, grad);
    double m = 0.9 * 0.1 * 1 + 0.1 * 3; // m2 = β1·m1 + (1−β1)·g2, m1 = (1−β1)·g1
    double v = 0.99 * 0.01 * 1 + 0.01 * 9;
    double mHat = m / (1 - 0.81);
    double vHat = v / (1 - 0.9801);
    double expected = -0.1 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
    assertEquals(expected, theta.toArrays().get("layer1.bias")[0], 1e-6);
    assertEquals(2, adam.steps());
  }
}
