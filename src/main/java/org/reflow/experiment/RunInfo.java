package org.reflow.experiment;

import java.time.Instant;

/** Who and what a run is: fixed when it is submitted. */
public record RunInfo(
    String runId, String name, String specYaml, String specSha256, long seed, Instant submittedAt, String host)
    implements CborSerializable {

  static RunInfo of(Event.ExperimentSubmitted e) {
    return new RunInfo(e.runId(), e.name(), e.specYaml(), e.specSha256(), e.seed(), e.submittedAt(), e.host());
  }
}
