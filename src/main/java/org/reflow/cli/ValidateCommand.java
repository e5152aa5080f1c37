package org.reflow.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.Plan;
import org.reflow.spec.StageSpec;
import org.reflow.spec.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reflow validate}: checks an experiment file without running anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks an experiment file: keys, values, stage references, cycles, data files and their shapes.",
      "Prints the stage order on success (exit 0) — with replicates or a sweep, first how many variants,"
          + " replicates and stages the run expands to and each variant's name, seed and values — or every problem with file:line:column and the"
          + " field path on failure (exit 2)."
    })
final class ValidateCommand implements Callable<Integer> {

  @Mixin private SpecOptions input;

  @Option(names = "--effective", description = "Also print the effective spec (the file with every --set applied).")
  private boolean effective;

  /** How many variants, replicates and stages the run expands to, then each variant: its name, seed and sweep point. */
  private static void printExpansion(ExperimentSpec spec) {
    List<Variant> variants = spec.variants().stream().map(ExperimentSpec.VariantSpec::variant).toList();
    long points = variants.stream().map(Variant::point).distinct().count();
    long replicates = variants.size() / points;
    int perVariant = variants.get(0).stages().size();
    System.out.printf("  %d sweep point(s) × %d replicate(s) (seeds %d to %d) × %d stage(s) = %d stages, %d variants:%n",
        points, replicates, spec.seed(), spec.seed() + replicates - 1, perVariant, spec.stages().size(), variants.size());
    for (Variant v : variants) {
      String set = v.assignments().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
      System.out.printf("    %-28s seed %d%s%n", v.name() + "/", v.seed(), set.isEmpty() ? "" : "  " + set);
    }
    System.out.println("  each variant's stages (* is the variant):");
  }

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
    if (spec.expanded()) {
      printExpansion(spec);
    }
    Variant first = spec.variants().get(0).variant();
    for (String id : plan.order()) {
      if (!first.stages().containsKey(id)) {
        continue; // every variant has the same stages: the first stands for them all
      }
      StageSpec s = spec.stages().get(id);
      String inputs = plan.dependencies(id).isEmpty() ? "π0, π1"
          : plan.dependencies(id).stream().collect(Collectors.joining(", "));
      System.out.printf("  %-16s %-8s %6d steps  after %s%n", spec.expanded() ? "*/" + first.stages().get(id) : id,
          s.kind().yamlName(), s.train().steps(), spec.expanded() ? inputs.replace(first.name() + "/", "*/") : inputs);
    }
    if (effective) {
      System.out.println("--- effective spec (sha256 " + spec.sha256() + ")");
      System.out.print(spec.effectiveYaml());
    }
    return 0;
  }
}
