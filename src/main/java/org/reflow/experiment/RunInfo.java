package org.reflow.experiment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who and what a run is, fixed when it is submitted, and how many times it was resumed since.
 *
 * @param specDirectory the folder the spec's relative data paths resolve against
 * @param dataSha256 each data file's SHA-256 as the run reads it: as submitted, or as last accepted
 * @param stageVariants each stage's variant, for a run with replicates or a sweep (empty: one variant, "")
 */
public record RunInfo(
    String runId, String name, String specYaml, String specSha256, long seed, Instant submittedAt, String host,
    String specDirectory, int resumptions, Map<String, String> dataSha256, Map<String, String> stageVariants)
    implements CborSerializable {

  public RunInfo {
    stageVariants = stageVariants == null ? Map.of() : stageVariants;
  }

  /** The variant {@code stage} belongs to ("" in a run of one variant). */
  public String variantOf(String stage) {
    return stageVariants.getOrDefault(stage, "");
  }

  static RunInfo of(Event.ExperimentSubmitted e) {
    return new RunInfo(e.runId(), e.name(), e.specYaml(), e.specSha256(), e.seed(), e.submittedAt(), e.host(),
        e.specDirectory(), 0, e.dataSha256(), e.stageVariants());
  }

  RunInfo resumed() {
    return new RunInfo(runId, name, specYaml, specSha256, seed, submittedAt, host, specDirectory, resumptions + 1,
        dataSha256, stageVariants);
  }

  RunInfo accepted(Event.DataChangeAccepted change) {
    Map<String, String> next = new LinkedHashMap<>(dataSha256);
    next.put(change.path(), change.acceptedSha256());
    return new RunInfo(runId, name, specYaml, specSha256, seed, submittedAt, host, specDirectory, resumptions, next, stageVariants);
  }
}
