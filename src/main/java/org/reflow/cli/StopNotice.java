package org.reflow.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.ReflowSettings;
import org.reflow.experiment.RunState;
import org.reflow.store.StorageFault;
import org.reflow.text.Redaction;

/**
 * The paragraph a run ends with when its journal stopped taking its events (a full disk, a
 * read-only one, a lost database): what failed, where, and how the run continues once that is
 * fixed. The stack trace is in the run's log, which the paragraph names.
 */
final class StopNotice {

  private StopNotice() {}

  static String journalStopped(ReflowSettings settings, String runId, Throwable failure, Optional<Path> log) {
    String journal = settings.database().location();
    String root = Redaction.text(StorageFault.rootMessage(failure));
    String resume = "'reflow resume " + runId + "' continues the run from its last recorded checkpoint.";
    String trace = log.map(l -> " Full trace: " + l).orElse("");
    return StorageFault.of(failure)
        .map(fault -> "run " + runId + " stopped: the journal " + journal + " could not record its next event: the file"
            + " system holding it " + fault.state() + " (" + root + "). What it recorded before is kept. "
            + capitalized(fault.remedy()) + ", then " + resume + trace)
        .orElse("run " + runId + " stopped: the journal " + journal + " failed (" + root + "). What it recorded"
            + " before is kept. Once the journal works again, " + resume + trace);
  }

  /** A failed run's reason and what to do next, in one paragraph. */
  static String runFailed(String runId, String failure, Optional<Path> log) {
    String reason = Redaction.text(failure);
    return reason + (reason.endsWith(".") ? "" : ".") + " Once that is fixed, 'reflow resume " + runId
        + "' continues the run from its last recorded checkpoint." + log.map(l -> " Details: " + l).orElse("");
  }

  /** A cancelled run: when, who asked, and that resume continues it. */
  static String cancelled(String runId, Event.ExperimentCancelled cancelled) {
    return "cancelled at " + cancelled.cancelledAt() + " (" + Redaction.text(cancelled.requestedBy()) + "); what it"
        + " recorded is kept. 'reflow resume " + runId + "' continues the run from its last recorded checkpoint.";
  }

  /**
   * A run completed with failures: which stages failed and why (their variants stopped there, the
   * others completed), and that resume reruns only those variants.
   */
  static String variantsFailed(String runId, RunState.Finished run, Optional<Path> log) {
    StringBuilder out = new StringBuilder();
    for (String stage : run.failedStages()) {
      out.append("variant ").append(run.run().variantOf(stage)).append(": stage ").append(stage).append(" failed: ")
          .append(Redaction.text(run.stages().get(stage).failure().orElse("no reason recorded"))).append('\n');
    }
    return out + "The other variants completed. Once the cause is fixed, 'reflow resume " + runId
        + "' runs the failed variants again from their last recorded checkpoints." + log.map(l -> " Details: " + l).orElse("");
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
