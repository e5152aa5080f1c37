package org.reflow.flow;

import org.reflow.rand.Rng;

/**
 * Batch n of a stage, as every step engine sees it: pairs (X0, X1) from the stage's source, times
 * from a generator keyed by (seed, stage, "time", n), the interpolants X_t and the regression
 * target X1 − X0. One instance per engine; its arrays are reused for every step.
 */
final class TrainingBatch {

  final int count;
  final int dim;
  final float[] z0;
  final float[] z1;
  final float[] times;
  final float[] positions;
  final float[] target;
  private final PairBatches pairs;
  private final TimeSampling sampling;
  private final Rng timeRng;

  TrainingBatch(PairBatches pairs, TrainingConfig config, int dim, long seed, String stage, long step) {
    this.pairs = pairs;
    this.sampling = config.timeSampling();
    this.count = config.batchSize();
    this.dim = dim;
    this.z0 = new float[count * dim];
    this.z1 = new float[count * dim];
    this.times = new float[count];
    this.positions = new float[count * dim];
    this.target = new float[count * dim];
    this.timeRng = Rng.of(seed, stage, "time", step);
  }

  /** Fills the arrays with batch {@code step}. */
  void draw(long step) {
    pairs.fill(step, z0, z1, count);
    timeRng.restartAt(step);
    for (int i = 0; i < count; i++) {
      float t = sampling.sample(timeRng);
      times[i] = t;
      for (int k = i * dim, end = k + dim; k < end; k++) {
        positions[k] = t * z1[k] + (1 - t) * z0[k]; // X_t = t·X1 + (1 − t)·X0
        target[k] = z1[k] - z0[k]; // the straight-line velocity X1 − X0
      }
    }
  }

  /** The error a diverged step raises: before the update, so no non-finite weights reach a checkpoint. */
  static IllegalStateException diverged(String stage, double loss, long step) {
    return new IllegalStateException("stage '" + stage + "': the loss is " + loss + " at step " + step
        + "; training diverged — lower the learning rate (train.lr) or clip gradients (train.clip)");
  }
}
