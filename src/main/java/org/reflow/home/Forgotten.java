package org.reflow.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs forgotten with {@code reflow rm}: a tombstone {@code <home>/forgotten/<runId>} saying when.
 * The run's events stay in the journal, untouched, until {@code reflow gc} deletes them — so
 * {@code reflow rm --restore} (deleting the tombstone) brings the whole run back until then.
 */
public final class Forgotten {

  private static final String FOLDER = "forgotten";

  private Forgotten() {}

  /** Marks the run forgotten (the caller holds its run lock). */
  public static void mark(Path home, String runId, Instant at) {
    Path file = file(home, runId);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "." + runId, ".tmp");
      Files.writeString(tmp, "forgotten at " + at + " by " + System.getProperty("user.name") + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " (" + e.getMessage() + "); make " + home
          + " writable and run 'reflow rm " + runId + "' again", e);
    }
  }

  /** When the run was forgotten, if it was. */
  public static Optional<String> note(Path home, String runId) {
    Path file = file(home, runId);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.of("forgotten");
    }
  }

  public static boolean isForgotten(Path home, String runId) {
    return isRunId(runId) && Files.isRegularFile(file(home, runId));
  }

  /** Every forgotten run id with a tombstone. */
  public static Set<String> runIds(Path home) {
    Path folder = home.resolve(FOLDER);
    Set<String> ids = new TreeSet<>();
    if (!Files.isDirectory(folder)) {
      return ids;
    }
    try (Stream<Path> files = Files.list(folder)) {
      files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(ids::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + " (" + e.getMessage() + ")", e);
    }
    return ids;
  }

  /** Removes the tombstone: the run is back ({@code rm --restore}), or gone for good ({@code gc}). */
  public static boolean clear(Path home, String runId) {
    try {
      return Files.deleteIfExists(file(home, runId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file(home, runId) + " (" + e.getMessage() + ")", e);
    }
  }

  /** What {@code show}, {@code resume} and {@code lineage} say of a forgotten run. */
  public static String message(Path home, String runId) {
    return "run " + runId + " was forgotten (" + note(home, runId).orElse("forgotten") + ") with 'reflow rm';"
        + " 'reflow rm --restore " + runId + "' brings it back, until 'reflow gc' deletes it for good";
  }

  /** Whether the text can name a file of its own in the tombstone folder. */
  private static boolean isRunId(String runId) {
    return !runId.isEmpty() && !runId.contains("/") && !runId.contains("\\") && !runId.startsWith(".");
  }

  private static Path file(Path home, String runId) {
    if (!isRunId(runId)) {
      throw new IllegalArgumentException("'" + runId + "' is not a run id ('reflow runs' lists them)");
    }
    return home.resolve(FOLDER).resolve(runId);
  }
}
