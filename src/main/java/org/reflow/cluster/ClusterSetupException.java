package org.reflow.cluster;

/**
 * The cluster options or the TLS folder cannot be used; the message says what is wrong, where, and
 * what to do about it, and is meant to be printed to the person who started reflow as it is.
 */
public final class ClusterSetupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ClusterSetupException(String message) {
    super(message);
  }

  public ClusterSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
