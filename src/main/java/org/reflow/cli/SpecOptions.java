package org.reflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecException;
import org.reflow.spec.SpecReader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code FILE [--set KEY.PATH=VALUE ...]}: an experiment file and its overrides, for run and validate. */
final class SpecOptions {

  @Parameters(index = "0", paramLabel = "FILE", description = "The experiment YAML, e.g. experiments/three-gaussians.yaml.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY.PATH=VALUE",
      description = "Override a value of the file, e.g. --set stages.rf1.train.steps=500 (repeatable; the value is"
          + " YAML). The effective spec is what is validated and recorded.")
  List<String> overrides = new ArrayList<>();

  /** The validated spec, or empty after printing every problem to standard error. */
  Optional<ExperimentSpec> read() {
    try {
      return Optional.of(SpecReader.read(file, overrides));
    } catch (SpecException e) {
      System.err.println(e.getMessage());
      return Optional.empty();
    }
  }
}
