package org.reflow.spec;

import java.util.Map;
import org.reflow.flow.ModelSpec;

/**
 * A validated experiment graph: immutable, every reference resolved, every number in range.
 *
 * @param stages by id, in file order
 * @param effectiveYaml the spec as run: the file with every {@code --set} applied
 * @param sha256 hash of {@code effectiveYaml}
 * @param directory the absolute folder relative data paths resolved against (the file's folder)
 * @param dataSha256 each data file read (its absolute path) and the SHA-256 of its bytes when it was read
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
    Map<String, String> dataSha256) {}
