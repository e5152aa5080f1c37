package org.reflow.store;

import java.nio.file.Path;

/** A stored artifact whose bytes no longer hash to what was recorded when it was written. */
public final class CorruptArtifactException extends IllegalStateException {

  public CorruptArtifactException(Path file, String expectedSha256, String actualSha256, String remedy) {
    this(file + " is corrupt: its SHA-256 is " + actualSha256 + " but " + expectedSha256
        + " was recorded when it was written; " + remedy);
  }

  private CorruptArtifactException(String message) {
    super(message);
  }

  /** Bytes that arrived under a name (from another node) hash to something else. */
  public static CorruptArtifactException arrived(String what, String expectedSha256, String actualSha256) {
    return new CorruptArtifactException("the " + what + " arrived corrupt: its bytes hash to " + actualSha256
        + ", not to its name " + expectedSha256 + "; the copy was discarded. Check the sending node's copy (a corrupt"
        + " file in its store must be regenerated or restored there), then send it again");
  }

  /** The recorded artifact is not there at all. */
  public static CorruptArtifactException missing(Path file, String remedy) {
    return new CorruptArtifactException(file + " is missing: it was recorded but is no longer in the store; " + remedy);
  }
}
