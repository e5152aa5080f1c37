package org.reflow.spec;

import java.util.List;
import java.util.stream.Collectors;

/** An experiment file that cannot run, with every problem found in it (not just the first). */
public final class SpecException extends IllegalArgumentException {

  private final List<SpecError> errors;

  public SpecException(List<SpecError> errors) {
    super(errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in the experiment:\n"
        + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<SpecError> errors() {
    return errors;
  }
}
