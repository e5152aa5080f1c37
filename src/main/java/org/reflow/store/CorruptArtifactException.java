package org.reflow.store;

import java.nio.file.Path;

/** A stored artifact whose bytes no longer hash to what was recorded when it was written. */
public final class CorruptArtifactException extends IllegalStateException {

  public CorruptArtifactException(Path file, String expectedSha256, String actualSha256, String remedy) {
    super(file + " is corrupt: its SHA-256 is " + actualSha256 + " but " + expectedSha256
        + " was recorded when it was written; " + remedy);
  }
}
