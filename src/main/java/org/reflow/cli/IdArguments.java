package org.reflow.cli;

import org.reflow.lineage.LineageQuery;
import org.reflow.store.HomeNames;

/**
 * Checks the run and checkpoint ids given on the command line before a command opens the home, so
 * that a {@code /}, a {@code ..} or an absolute path never becomes a path under REFLOW_HOME (a run's
 * log, lock, report folder or tombstone): what is not an id is refused, on standard error, with
 * what an id looks like; the command then exits 2 without having touched a file.
 */
final class IdArguments {

  private IdArguments() {}

  /** Whether {@code runId} is a run id; if not, says why. */
  static boolean isRunId(String runId) {
    return accepted(() -> HomeNames.runId(runId), "");
  }

  /** Whether {@code id} is a checkpoint id ({@code ck-…}) or RUN/STAGE whose RUN is a run id; if not, says why. */
  static boolean isCheckpointOrStage(String id) {
    return accepted(() -> checkpointOrRun(id, true), "");
  }

  /** Whether {@code id} can be a lineage ID: a well-formed {@code ck-…}, or RUN/STAGE[@STEP] with a run id; if not, says why. */
  static boolean isLineageId(String id) {
    return accepted(() -> checkpointOrRun(id, false), "; " + LineageQuery.IDS);
  }

  /** A {@code ck-…} must be a checkpoint id; else RUN/… must start with a run id; else, when {@code only}, it must be a checkpoint id. */
  private static void checkpointOrRun(String id, boolean only) {
    int slash = id.indexOf('/');
    if (id.startsWith("ck-") || (slash < 0 && only)) {
      HomeNames.checkpointId(id);
    } else if (slash >= 0) {
      HomeNames.runId(id.substring(0, slash));
    }
  }

  private static boolean accepted(Runnable check, String hint) {
    try {
      check.run();
      return true;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + hint);
      return false;
    }
  }
}
