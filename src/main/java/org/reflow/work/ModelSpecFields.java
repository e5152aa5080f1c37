package org.reflow.work;

import java.util.List;
import java.util.Optional;
import org.reflow.experiment.CborSerializable;
import org.reflow.flow.Activation;
import org.reflow.flow.Engine;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.UnetSpec;

/**
 * A {@link ModelSpec} as plain fields, so it crosses nodes without teaching Jackson the engine's
 * sealed types: the activation, time encoding and engine travel in the text forms the spec files use.
 *
 * @param activation "tanh", "relu" or "silu"
 * @param timeEncoding "raw" or "sinusoidal:F[:scale]"
 * @param engine "cpu", "nd4j" or "auto"
 * @param unet the U-Net's architecture, when the model is one
 */
public record ModelSpecFields(int dim, List<Integer> hidden, String activation, String timeEncoding, String engine,
    Optional<UnetSpec> unet) implements CborSerializable {

  /** An MLP trained by the engine {@code auto} picks. */
  public ModelSpecFields(int dim, List<Integer> hidden, String activation, String timeEncoding) {
    this(dim, hidden, activation, timeEncoding, Engine.AUTO.toString(), Optional.empty());
  }

  public static ModelSpecFields of(ModelSpec spec) {
    return new ModelSpecFields(spec.dim(), spec.hidden(), spec.activation().toString(), spec.time().toString(),
        spec.engine().toString(), spec.unet());
  }

  public ModelSpec toSpec() {
    return new ModelSpec(dim, hidden, Activation.parse(activation), TimeEncoding.parse(timeEncoding),
        Engine.parse(engine), unet);
  }
}
