package org.reflow.store;

import java.util.regex.Pattern;

/**
 * The names that come from outside — a command line, a spec, the journal, another node — and name
 * files under REFLOW_HOME: run ids ({@code logs/<run>.log}, {@code locks/<run>.lock}, {@code
 * <run>/report.html}), checkpoint ids and SHA-256 content addresses. Each is checked against its
 * form before it becomes part of a path, so no name can reach outside the home: a {@code /}, a
 * {@code ..}, an absolute path, a wrong length or a non-hex digit is refused with what the name
 * should look like.
 */
public final class HomeNames {

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern CHECKPOINT_ID = Pattern.compile("ck-[0-9a-f]{16}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private HomeNames() {}

  /** Whether {@code runId} can be a run id: letters, digits, '.', '_' and '-', no "..", at most 128. */
  public static boolean isRunId(String runId) {
    return RUN_ID.matcher(runId).matches() && !runId.contains("..");
  }

  /** {@code runId}, checked to name nothing but a run. */
  public static String runId(String runId) {
    if (!isRunId(runId)) {
      throw new IllegalArgumentException("'" + runId + "' is not a run id: a run id is letters, digits, '.', '_' and '-'"
          + " (e.g. 20260101-120000-ab12, as 'reflow runs' lists them), so that it can only name files inside"
          + " REFLOW_HOME; '/', '..' and absolute paths are refused");
    }
    return runId;
  }

  /** {@code checkpointId}, checked: {@code ck-} and the first 16 hex digits of the checkpoint's SHA-256. */
  public static String checkpointId(String checkpointId) {
    if (!CHECKPOINT_ID.matcher(checkpointId).matches()) {
      throw new IllegalArgumentException("'" + checkpointId + "' is not a checkpoint id: a checkpoint id is 'ck-' and 16"
          + " lowercase hex digits (e.g. ck-d267db2fbf10f239, as 'reflow show RUN' lists them)");
    }
    return checkpointId;
  }

  /** {@code sha256}, checked: 64 lowercase hex digits, the content address of an artifact. */
  public static String sha256(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("'" + sha256 + "' is not a SHA-256 in hex (64 lowercase hex digits): it cannot"
          + " name an artifact; the journal or the message that carried it is damaged");
    }
    return sha256;
  }
}
