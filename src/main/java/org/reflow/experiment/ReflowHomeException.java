package org.reflow.experiment;

/**
 * REFLOW_HOME cannot hold runs: it is not a writable directory, or its journal database cannot be
 * opened. The message says what is wrong, where, and what to do; the cause, if any, is the
 * underlying I/O or SQL error for whoever debugs it.
 */
public final class ReflowHomeException extends IllegalStateException {

  ReflowHomeException(String message) {
    super(message);
  }

  ReflowHomeException(String message, Throwable cause) {
    super(message, cause);
  }
}
