package org.reflow.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.flow.ModelSpec;

/**
 * A validated experiment graph: immutable, every reference resolved, every number in range.
 * With {@code replicates} or {@code sweep}, {@link #stages} holds every variant's stages under
 * their run ids ({@code s1/rf1}, …) and {@link #variants} what each variant draws from and trains.
 *
 * @param seed the run's seed: the first replicate's; replicate k draws with seed + k
 * @param source π0 of the first variant (every variant's, unless the sweep changes data.source)
 * @param model the model of the first variant (every variant's, unless the sweep changes it)
 * @param stages by id, in file order (variant after variant)
 * @param evaluation shared by every variant (a sweep may not change it: variants are judged alike)
 * @param effectiveYaml the spec as run: the file with every {@code --set} applied
 * @param sha256 hash of {@code effectiveYaml}
 * @param directory the absolute folder relative data paths resolve against (the file's folder)
 * @param dataSha256 each data file read (its absolute path) and the SHA-256 of its bytes when it was read
 * @param variants each copy of the stage graph, in order (one, named "", for a plain spec)
 */
public record ExperimentSpec(
    String name,
    long seed,
    SourceSpec source,
    SourceSpec target,
    ModelSpec model,
    Map<String, StageSpec> stages,
    EvaluationSpec evaluation,
    String effectiveYaml,
    String sha256,
    String directory,
    Map<String, String> dataSha256,
    List<VariantSpec> variants) {

  /** A variant with what its stages draw from and train. */
  public record VariantSpec(Variant variant, SourceSpec source, SourceSpec target, ModelSpec model) {}

  /** The variant a stage of the run belongs to. */
  public VariantSpec variantOf(String stage) {
    return variants.stream().filter(v -> v.variant().stages().containsKey(stage)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no stage '" + stage + "' in experiment '" + name + "'"));
  }

  /** Whether the spec asks for more than one copy of its stage graph (replicates or a sweep). */
  public boolean expanded() {
    return variants.size() > 1 || !variants.get(0).variant().name().isEmpty();
  }

  /** Each stage's variant name, for the run's record; empty for a plain spec (one variant, ""). */
  public Map<String, String> stageVariants() {
    if (!expanded()) {
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    variants.forEach(v -> v.variant().stages().keySet().forEach(s -> out.put(s, v.variant().name())));
    return out;
  }

  /** The variant named {@code name}, if there is one. */
  public Optional<Variant> variant(String name) {
    return variants.stream().map(VariantSpec::variant).filter(v -> v.name().equals(name)).findFirst();
  }
}
