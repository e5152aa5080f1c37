package org.reflow.flow;

import java.util.Map;
import java.util.Optional;
import org.reflow.flow.solve.VelocityField;
import org.reflow.rand.Rng;

/**
 * The step engine and velocity field for a model spec: the hand-written MLP step where the spec's
 * engine resolves to {@link Engine#CPU}, ND4J's ops ({@link GraphTrainer}, {@link GraphField})
 * otherwise. Both start from the same weights for the same seed and write the same checkpoint layout.
 */
public final class StepEngines {

  private StepEngines() {}

  /**
   * A stage at step 0: fresh weights from {@code rng}, or the warm-start checkpoint's published
   * weights (its EMA when it kept one) with a fresh optimizer.
   */
  public static StepEngine start(ModelSpec spec, Optional<TrainingCheckpoint> init, Rng rng, PairBatches pairs,
      TrainingConfig config, long seed, String stage) {
    if (spec.resolvedEngine() == Engine.CPU) {
      VelocityMlp model = init.isPresent() ? init.get().model(true) : VelocityMlp.initialize(spec, rng);
      return FlowTrainer.start(model, pairs, config, seed, stage);
    }
    Map<String, float[]> weights = init.isPresent()
        ? init.get().ema().orElse(init.get().parameters()) : GraphModel.initialWeights(spec, rng);
    return GraphTrainer.start(spec, weights, pairs, config, seed, stage);
  }

  /** A stage continuing its own checkpoint exactly, on the engine {@code spec} picks. */
  public static StepEngine resume(ModelSpec spec, TrainingCheckpoint checkpoint, PairBatches pairs,
      TrainingConfig config, long seed, String stage) {
    if (spec.resolvedEngine() == Engine.CPU) {
      return FlowTrainer.resume(checkpoint, pairs, config, seed, stage);
    }
    return GraphTrainer.resume(checkpoint, pairs, config, seed, stage);
  }

  /** A checkpoint's network as a velocity field for the solvers (EMA weights when {@code preferEma} and kept). */
  public static VelocityField field(TrainingCheckpoint checkpoint, boolean preferEma) {
    if (checkpoint.spec().resolvedEngine() == Engine.CPU) {
      return checkpoint.model(preferEma).field();
    }
    return GraphField.of(checkpoint.spec(), preferEma ? checkpoint.ema().orElse(checkpoint.parameters())
        : checkpoint.parameters());
  }
}
