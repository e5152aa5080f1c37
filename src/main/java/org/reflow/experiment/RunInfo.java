package org.reflow.experiment;

import java.time.Instant;

/**
 * Who and what a run is, fixed when it is submitted, and how many times it was resumed since.
 *
 * @param specDirectory the folder the spec's relative data paths resolve against
 */
public record RunInfo(
    String runId, String name, String specYaml, String specSha256, long seed, Instant submittedAt, String host,
    String specDirectory, int resumptions) implements CborSerializable {

  static RunInfo of(Event.ExperimentSubmitted e) {
    return new RunInfo(e.runId(), e.name(), e.specYaml(), e.specSha256(), e.seed(), e.submittedAt(), e.host(),
        e.specDirectory(), 0);
  }

  RunInfo resumed() {
    return new RunInfo(runId, name, specYaml, specSha256, seed, submittedAt, host, specDirectory, resumptions + 1);
  }
}
