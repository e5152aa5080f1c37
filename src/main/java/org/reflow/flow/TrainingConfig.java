package org.reflow.flow;

/**
 * Everything one training stage needs beyond its model and its pairs.
 *
 * @param steps optimizer steps to run
 * @param batchSize pairs per step; the paper's toy uses 2,048
 * @param adam optimizer settings
 * @param loss objective on the velocity residual; {@link Loss.Squared} is the paper's
 * @param timeSampling how t is drawn; {@link TimeSampling.Uniform} is the paper's,
 *     {@link TimeSampling.Grid} turns training into distillation
 * @param clipNorm global gradient-norm clip, 0 for none
 * @param emaDecay decay of the exponential moving average of weights, 0 for none (0.999 typical)
 */
public record TrainingConfig(
    long steps,
    int batchSize,
    AdamConfig adam,
    Loss loss,
    TimeSampling timeSampling,
    double clipNorm,
    double emaDecay) {

  public TrainingConfig {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (clipNorm < 0) {
      throw new IllegalArgumentException("clip norm must be >= 0 (0 turns clipping off), got " + clipNorm);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException("EMA decay must lie in [0, 1) (0 turns EMA off), got " + emaDecay);
    }
  }

  /** The paper's toy settings: batch 2,048, Adam at 5e-3, squared loss, uniform t. */
  public static TrainingConfig paperToy(long steps) {
    return new TrainingConfig(
        steps, 2048, AdamConfig.withLearningRate(5e-3), new Loss.Squared(), new TimeSampling.Uniform(), 0, 0);
  }

  public TrainingConfig withSteps(long newSteps) {
    return new TrainingConfig(newSteps, batchSize, adam, loss, timeSampling, clipNorm, emaDecay);
  }

  public TrainingConfig withBatch(int newBatchSize) {
    return new TrainingConfig(steps, newBatchSize, adam, loss, timeSampling, clipNorm, emaDecay);
  }

  public TrainingConfig withTimeSampling(TimeSampling sampling) {
    return new TrainingConfig(steps, batchSize, adam, loss, sampling, clipNorm, emaDecay);
  }
}
