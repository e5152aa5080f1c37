package org.reflow.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.reflow.coupling.Coupling;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.coupling.MinibatchOtCoupling;

/**
 * How a rectify stage pairs X0 with X1 within a batch: its {@code coupling:} in the spec, read
 * once by the {@link SpecReader}. Messages that cross nodes carry the constant's name.
 */
public enum Pairing {
  /** X0 and X1 drawn independently (the paper's 1-rectified flow). */
  INDEPENDENT("independent"),
  /** Independent draws re-paired within the batch by an exact optimal-transport assignment. */
  MINIBATCH_OT("minibatch-ot");

  private final String yamlName;

  Pairing(String yamlName) {
    this.yamlName = yamlName;
  }

  /** As written in a spec file: "independent", "minibatch-ot". */
  public String yamlName() {
    return yamlName;
  }

  /** The pairing a spec names, if it names one. */
  static Optional<Pairing> ofYaml(String name) {
    return Arrays.stream(values()).filter(p -> p.yamlName.equals(name)).findFirst();
  }

  /** Every name a spec may write, in declaration order. */
  static List<String> yamlNames() {
    return Arrays.stream(values()).map(Pairing::yamlName).toList();
  }

  /** The engine coupling over {@code independent} draws of π0 and π1. */
  public Coupling couple(IndependentCoupling independent) {
    return this == MINIBATCH_OT ? new MinibatchOtCoupling(independent) : independent;
  }
}
