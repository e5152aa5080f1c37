package org.reflow.work;

import java.util.List;
import org.reflow.experiment.CborSerializable;
import org.reflow.flow.Activation;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeEncoding;

/**
 * A {@link ModelSpec} as plain fields, so it crosses nodes without teaching Jackson the engine's
 * sealed types: the activation and time encoding travel in the text forms the spec files use.
 *
 * @param activation "tanh", "relu" or "silu"
 * @param timeEncoding "raw" or "sinusoidal:F[:scale]"
 */
public record ModelSpecFields(int dim, List<Integer> hidden, String activation, String timeEncoding)
    implements CborSerializable {

  public static ModelSpecFields of(ModelSpec spec) {
    return new ModelSpecFields(spec.dim(), spec.hidden(), spec.activation().toString(), spec.time().toString());
  }

  public ModelSpec toSpec() {
    return new ModelSpec(dim, hidden, Activation.parse(activation), TimeEncoding.parse(timeEncoding));
  }
}
