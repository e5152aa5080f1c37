package org.reflow.cluster;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An artifact could not be moved between nodes: the other node refused it, did not answer in time,
 * or its stream failed. The message names the artifact, the server and what to check.
 */
public final class ArtifactTransferException extends RuntimeException {

  public ArtifactTransferException(String message) {
    super(message);
  }

  public ArtifactTransferException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The messages of a failure and its causes, outermost first, each once. */
  static String reasons(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CompletionException || t instanceof ExecutionException) {
        continue; // wrappers whose message is their cause's class and message
      }
      String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    return text.toString();
  }
}
