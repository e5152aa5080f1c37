package org.reflow.flow;

import java.util.Map;
import java.util.Optional;

/**
 * The complete state of a training stage at a step: enough to continue byte-for-byte.
 * Tensors are keyed by the names of {@link ParameterSet} ({@code layer0.weight}, …).
 *
 * @param step training steps completed; the next batch index
 * @param optimizerSteps Adam's update count (equal to step unless training was warm-started)
 */
public record TrainingCheckpoint(
    ModelSpec spec,
    long step,
    Map<String, float[]> parameters,
    Map<String, float[]> firstMoment,
    Map<String, float[]> secondMoment,
    long optimizerSteps,
    Optional<Map<String, float[]>> ema) {

  /** The trained network (the EMA weights when {@code preferEma} and they exist). */
  public VelocityMlp model(boolean preferEma) {
    VelocityMlp m = VelocityMlp.zeros(spec);
    m.parameters().load(preferEma ? ema.orElse(parameters) : parameters);
    return m;
  }
}
