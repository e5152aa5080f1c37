package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

/**
 * The two step engines of an MLP — the hand-written CPU step and ND4J's ops — train the same
 * model: from the same weights on the same batches, their losses agree step by step to float
 * tolerance, with the paper's plain settings and with clipping, EMA and pseudo-Huber on.
 */
class EnginesAgreeTest {

  private static final int STEPS = 50;

  @Test
  void cpuAndNd4jEnginesGiveTheSameLossesForFiftyStepsOfAnImageStyleMlp() {
    ModelSpec spec = new ModelSpec(12, List.of(48, 48, 48), Activation.SILU, new TimeEncoding.Sinusoidal(4, 1000));
    TrainingConfig config = new TrainingConfig(STEPS, 64, AdamConfig.withLearningRate(2e-3), new Loss.Squared(),
        new TimeSampling.Uniform(), 0, 0);
    assertSameLosses(spec, config);
  }

  @Test
  void cpuAndNd4jEnginesAgreeWithClippingEmaAndPseudoHuberOnTheToy() {
    ModelSpec spec = new ModelSpec(2, List.of(32, 32), Activation.TANH, new TimeEncoding.Raw());
    TrainingConfig config = new TrainingConfig(STEPS, 128, AdamConfig.withLearningRate(5e-3), new Loss.PseudoHuber(0.01),
        new TimeSampling.LogitNormal(0, 1), 0.5, 0.99);
    assertSameLosses(spec, config);
  }

  private static void assertSameLosses(ModelSpec spec, TrainingConfig config) {
    StepEngine cpu = StepEngines.start(spec.withEngine(Engine.CPU), Optional.empty(), Rng.of(3, "rf1", "init", 0),
        pairs(spec.dim()), config, 3, "rf1");
    StepEngine nd4j = StepEngines.start(spec.withEngine(Engine.ND4J), Optional.empty(), Rng.of(3, "rf1", "init", 0),
        pairs(spec.dim()), config, 3, "rf1");
    assertEquals(FlowTrainer.class, cpu.getClass());
    assertEquals(GraphTrainer.class, nd4j.getClass());
    for (int s = 0; s < STEPS; s++) {
      double a = cpu.step();
      double b = nd4j.step();
      assertEquals(a, b, 1e-4 * Math.abs(a) + 1e-6, "loss at step " + s);
    }
    Map<String, float[]> p = cpu.checkpoint().parameters();
    Map<String, float[]> q = nd4j.checkpoint().parameters();
    assertEquals(p.keySet(), q.keySet());
    for (String name : p.keySet()) {
      float[] x = p.get(name);
      float[] y = q.get(name);
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i], y[i], 1e-3, name + "[" + i + "] after " + STEPS + " steps");
      }
    }
    cpu.checkpoint().ema().ifPresent(e -> assertEquals(e.keySet(), nd4j.checkpoint().ema().orElseThrow().keySet()));
  }

  /** Batch n: Gaussian X0 against a shifted, scaled Gaussian X1, a pure function of n. */
  static PairBatches pairs(int dim) {
    return new PairBatches() {
      @Override
      public int dim() {
        return dim;
      }

      @Override
      public void fill(long index, float[] z0, float[] z1, int count) {
        Rng rng = Rng.of(11, "pairs", "batch", index);
        rng.fillGaussian(z0, 0, count * dim);
        rng.fillGaussian(z1, 0, count * dim);
        for (int i = 0; i < count * dim; i++) {
          z1[i] = 0.5f * z1[i] + (i % dim == 0 ? 2f : -1f);
        }
      }
    };
  }
}
