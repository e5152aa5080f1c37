package org.reflow.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.Plan;
import org.reflow.spec.StageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reflow validate}: checks an experiment file without running anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks an experiment file: keys, values, stage references, cycles, data files and their shapes.",
      "Prints the stage order on success (exit 0), or every problem with file:line:column and the"
          + " field path on failure (exit 2)."
    })
final class ValidateCommand implements Callable<Integer> {

  @Mixin private SpecOptions input;

  @Option(names = "--effective", description = "Also print the effective spec (the file with every --set applied).")
  private boolean effective;

  @Override
  public Integer call() {
    Optional<ExperimentSpec> read = input.read();
    if (read.isEmpty()) {
      return 2;
    }
    ExperimentSpec spec = read.get();
    Plan plan = Plan.of(spec.stages());
    System.out.printf("%s: ok — experiment '%s', seed %d, %s, %d-dimensional data%n",
        input.file, spec.name(), spec.seed(), spec.model().describe(), spec.model().dim());
    for (String id : plan.order()) {
      StageSpec s = spec.stages().get(id);
      String inputs = plan.dependencies(id).isEmpty() ? "π0, π1"
          : plan.dependencies(id).stream().collect(Collectors.joining(", "));
      System.out.printf("  %-16s %-8s %6d steps  after %s%n", id, s.kind().yamlName(), s.train().steps(), inputs);
    }
    if (effective) {
      System.out.println("--- effective spec (sha256 " + spec.sha256() + ")");
      System.out.print(spec.effectiveYaml());
    }
    return 0;
  }
}
