package org.reflow.flow;

import java.util.Optional;
import org.reflow.rand.Rng;

/**
 * The training loop of one rectified-flow stage: draw pairs, draw t, regress v(X_t, t) on
 * X1 − X0, step Adam. Step n draws its pairs and its times from generators keyed by (seed,
 * stage, purpose, n) only, so a trainer restored at step n continues exactly as an
 * uninterrupted one would. All buffers are created here; {@link #step()} allocates nothing.
 */
public final class FlowTrainer {

  private final VelocityMlp model;
  private final Adam adam;
  private final Optional<VelocityMlp> ema;
  private final PairBatches pairs;
  private final TrainingConfig config;
  private final long seed;
  private final String stage;
  private final ParameterSet gradients;
  private final MlpBuffers buffers;
  private final float[] z0;
  private final float[] z1;
  private final float[] times;
  private final float[] positions;
  private final float[] target;
  private final Rng timeRng;
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
    this.pairs = pairs;
    this.config = config;
    this.seed = seed;
    this.stage = stage;
    this.step = step;
    int n = config.batchSize();
    int dim = model.spec().dim();
    this.gradients = ParameterSet.zeros(model.spec());
    this.buffers = new MlpBuffers(model.spec(), n);
    this.z0 = new float[n * dim];
    this.z1 = new float[n * dim];
    this.times = new float[n];
    this.positions = new float[n * dim];
    this.target = new float[n * dim];
    this.timeRng = Rng.of(seed, stage, "time", step);
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

  /** Runs training step number {@link #completedSteps()} and returns its batch loss. */
  public double step() {
    int n = config.batchSize();
    int dim = model.spec().dim();
    pairs.fill(step, z0, z1, n);
    timeRng.restartAt(step);
    for (int i = 0; i < n; i++) {
      float t = config.timeSampling().sample(timeRng);
      times[i] = t;
      for (int k = i * dim, end = k + dim; k < end; k++) {
        positions[k] = t * z1[k] + (1 - t) * z0[k]; // X_t = t·X1 + (1 − t)·X0
        target[k] = z1[k] - z0[k]; // the straight-line velocity X1 − X0
      }
    }
    buffers.load(positions, 0, times, 0, n);
    model.forward(buffers);
    double loss = config.loss().evaluate(buffers.outputHeap, target, buffers.outputGradientHeap, n, dim);
    if (!Double.isFinite(loss)) { // checked before the update: no non-finite weights ever reach a checkpoint
      throw new IllegalStateException("stage '" + stage + "': the loss is " + loss + " at step " + step
          + "; training diverged — lower the learning rate (train.lr) or clip gradients (train.clip)");
    }
    model.backward(buffers, gradients);
    adam.update(model.parameters(), gradients, config.clipNorm(),
        ema.isPresent() ? ema.get().parameters() : null, (float) config.emaDecay());
    step++;
    return loss;
  }

  /** Steps done so far; also the index of the next batch. */
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

  /** Everything needed to continue this stage exactly: model, optimizer, EMA, step. */
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
