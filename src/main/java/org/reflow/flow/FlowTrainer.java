package org.reflow.flow;

import java.util.Optional;

/**
 * The training loop of one rectified-flow stage: draw pairs, draw t, regress v(X_t, t) on
 * X1 − X0, step Adam. Step n draws its pairs and its times from generators keyed by (seed,
 * stage, purpose, n) only, so a trainer restored at step n continues exactly as an
 * uninterrupted one would. All buffers are created here; {@link #step()} allocates nothing.
 */
public final class FlowTrainer implements StepEngine {

  private final VelocityMlp model;
  private final Adam adam;
  private final Optional<VelocityMlp> ema;
  private final TrainingConfig config;
  private final String stage;
  private final ParameterSet gradients;
  private final MlpBuffers buffers;
  private final TrainingBatch batch;
  private long step;

  private FlowTrainer(
      VelocityMlp model, Adam adam, Optional<VelocityMlp> ema, PairBatches pairs,
      TrainingConfig config, long seed, String stage, long step) {
    if (pairs.dim() != model.spec().dim()) {
      throw new IllegalArgumentException(
          "stage '" + stage + "': the pairs are " + pairs.dim() + "-dimensional but the model is "
              + model.spec().dim() + "-dimensional; make model.dim match the data");
    }
    this.model = model;
    this.adam = adam;
    this.ema = ema;
    this.config = config;
    this.stage = stage;
    this.step = step;
    this.gradients = ParameterSet.zeros(model.spec());
    this.buffers = new MlpBuffers(model.spec(), config.batchSize());
    this.batch = new TrainingBatch(pairs, config, model.spec().dim(), seed, stage, step);
  }

  /** A trainer at step 0 for {@code model} (fresh, or a copy of a teacher for a warm start). */
  public static FlowTrainer start(
      VelocityMlp model, PairBatches pairs, TrainingConfig config, long seed, String stage) {
    Optional<VelocityMlp> ema = config.emaDecay() > 0 ? Optional.of(model.copy()) : Optional.empty();
    return new FlowTrainer(model, Adam.create(config.adam(), model.spec()), ema, pairs, config, seed, stage, 0);
  }

  /** A trainer that continues from a checkpoint's model, optimizer, EMA and step. */
  public static FlowTrainer resume(
      TrainingCheckpoint checkpoint, PairBatches pairs, TrainingConfig config, long seed, String stage) {
    VelocityMlp model = VelocityMlp.zeros(checkpoint.spec());
    model.parameters().load(checkpoint.parameters());
    Adam adam = Adam.create(config.adam(), checkpoint.spec());
    adam.restore(checkpoint.firstMoment(), checkpoint.secondMoment(), checkpoint.optimizerSteps());
    Optional<VelocityMlp> ema = Optional.empty();
    if (config.emaDecay() > 0) {
      VelocityMlp e = VelocityMlp.zeros(checkpoint.spec());
      e.parameters().load(checkpoint.ema().orElse(checkpoint.parameters()));
      ema = Optional.of(e);
    }
    return new FlowTrainer(model, adam, ema, pairs, config, seed, stage, checkpoint.step());
  }

  @Override
  public double step() {
    int n = batch.count;
    batch.draw(step);
    buffers.load(batch.positions, 0, batch.times, 0, n);
    model.forward(buffers);
    double loss = config.loss().evaluate(buffers.outputHeap, batch.target, buffers.outputGradientHeap, n, batch.dim);
    if (!Double.isFinite(loss)) {
      throw TrainingBatch.diverged(stage, loss, step);
    }
    model.backward(buffers, gradients);
    adam.update(model.parameters(), gradients, config.clipNorm(),
        ema.isPresent() ? ema.get().parameters() : null, (float) config.emaDecay());
    step++;
    return loss;
  }

  @Override
  public long completedSteps() {
    return step;
  }

  public VelocityMlp model() {
    return model;
  }

  /** The EMA of the weights, when the config asks for one. */
  public Optional<VelocityMlp> ema() {
    return ema;
  }

  @Override
  public TrainingCheckpoint checkpoint() {
    return new TrainingCheckpoint(
        model.spec(),
        step,
        model.parameters().toArrays(),
        adam.firstMoment(),
        adam.secondMoment(),
        adam.steps(),
        ema.map(e -> e.parameters().toArrays()));
  }
}
