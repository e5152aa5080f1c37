package org.reflow.work;

import org.reflow.experiment.CborSerializable;
import org.reflow.flow.AdamConfig;
import org.reflow.flow.Loss;
import org.reflow.flow.TimeSampling;
import org.reflow.flow.TrainingConfig;

/**
 * A {@link TrainingConfig} as plain fields for the wire; loss and time sampling in their text
 * forms ({@code toString} of the engine's records), so every engine value survives the trip.
 *
 * @param loss "squared" or "pseudo-huber:c"
 * @param timeSampling "uniform", "logit-normal:m:s", "u-shaped:a" or "grid:k"
 */
public record TrainingConfigFields(
    long steps, int batchSize, double learningRate, double beta1, double beta2, double epsilon,
    String loss, String timeSampling, double clipNorm, double emaDecay) implements CborSerializable {

  public static TrainingConfigFields of(TrainingConfig c) {
    return new TrainingConfigFields(c.steps(), c.batchSize(), c.adam().learningRate(), c.adam().beta1(),
        c.adam().beta2(), c.adam().epsilon(), c.loss().toString(), c.timeSampling().toString(), c.clipNorm(),
        c.emaDecay());
  }

  public TrainingConfig toConfig() {
    return new TrainingConfig(steps, batchSize, new AdamConfig(learningRate, beta1, beta2, epsilon),
        Loss.parse(loss), TimeSampling.parse(timeSampling), clipNorm, emaDecay);
  }
}
