package org.reflow.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.reflow.store.Sha256;

/**
 * Whether a run's data files are still the bytes it recorded: each file's SHA-256 now against
 * the one recorded when the run was submitted (or when a change was last accepted).
 */
public final class DataFiles {

  /** The option that accepts changed data files, named in every refusal. */
  public static final String ACCEPT_OPTION = "--accept-changed-data";

  /**
   * A recorded data file whose bytes are not the recorded ones.
   *
   * @param current the SHA-256 of the file now; empty when it is gone or cannot be read
   */
  public record Changed(String path, String recordedSha256, Optional<String> current) {

    /** A file that is there with other bytes can be accepted; a missing one cannot. */
    public boolean present() {
      return current.isPresent();
    }

    @Override
    public String toString() {
      return path + ": recorded SHA-256 " + recordedSha256 + ", " + current.map(c -> "now " + c)
          .orElse("now missing or unreadable");
    }
  }

  private DataFiles() {}

  /** The recorded files that changed, in recorded order; empty when every file is as recorded. */
  public static List<Changed> changed(Map<String, String> recorded) {
    List<Changed> changed = new ArrayList<>();
    recorded.forEach((path, sha) -> {
      Optional<String> now = hash(Path.of(path));
      if (!now.equals(Optional.of(sha))) {
        changed.add(new Changed(path, sha, now));
      }
    });
    return changed;
  }

  /**
   * Why {@code what} (e.g. "resume", "sample") refuses: the files, their hashes, and what to do.
   * Missing files must be put back; changed ones may be accepted with {@link #ACCEPT_OPTION}.
   */
  public static String refusal(String runId, String what, List<Changed> changed) {
    boolean anyMissing = changed.stream().anyMatch(c -> !c.present());
    return "run " + runId + " read " + (changed.size() == 1 ? "a data file that is" : "data files that are")
        + " not what it recorded, so " + what + " would not use the run's data:\n"
        + changed.stream().map(c -> "  " + c).collect(Collectors.joining("\n")) + "\n"
        + (anyMissing ? "put each missing file back where it was (the run recorded its folder), or" : "restore the"
            + " recorded files (compare with sha256sum), or")
        + " pass " + ACCEPT_OPTION + " to use the files as they are now"
        + (anyMissing ? " once every file is there" : "");
  }

  private static Optional<String> hash(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Sha256.hex(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
