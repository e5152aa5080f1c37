package org.reflow.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import org.reflow.store.HomeNames;

/**
 * A request to cancel a running run: the file {@code REFLOW_HOME/<runId>/cancel}, whose text says
 * who asked. Any process may write it ({@code reflow cancel}, the dashboard); the process that
 * conducts the run watches for it, records {@link Event.ExperimentCancelled} and removes it. A file
 * is the one channel every writer of a run shares, whoever started it, without a second writer
 * in the journal: the run's own process stays the only one that records its history.
 */
public final class CancelRequest {

  private CancelRequest() {}

  /** The request's file for {@code runId} under {@code home}. */
  public static Path file(Path home, String runId) {
    return home.resolve(HomeNames.runId(runId)).resolve("cancel");
  }

  /**
   * Why {@code runId} cannot be cancelled now, if it cannot: unknown, ended, or not being run by a
   * process on this machine (its run lock is free).
   */
  public static Optional<String> refusal(Path home, String runId, RunHistory history) {
    if (history.run().isEmpty()) {
      return Optional.of("no run '" + runId + "' in " + home + "; 'reflow runs' lists the runs there (or give --home)");
    }
    if (!history.status().equals("incomplete")) {
      return Optional.of("run " + runId + " is not running: it " + (history.status().equals("cancelled") ? "was cancelled"
          : "has " + history.status()) + "; there is nothing to cancel");
    }
    if (!RunLock.isHeld(home, runId)) {
      return Optional.of("run " + runId + " is not running on this machine: it stopped without an end ('reflow resume "
          + runId + "' continues it). A run conducted on another machine that shares the journal is cancelled there,"
          + " with that machine's home");
    }
    return Optional.empty();
  }

  /** Asks the run's process to cancel it; {@code requestedBy} says who asks. Written whole, then renamed. */
  public static void request(Path home, String runId, String requestedBy) {
    Path file = file(home, runId);
    try {
      Files.createDirectories(file.getParent());
      Path partial = Files.createTempFile(file.getParent(), "cancel", ".partial");
      Files.writeString(partial, requestedBy, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cancel request " + file + " (" + e.getMessage()
          + "); make REFLOW_HOME writable", e);
    }
  }

  /**
   * Who asked, if a request written since {@code since} waits; a request older than that was left
   * for an earlier process (one that ended before it saw it) and is removed unanswered.
   */
  public static Optional<String> pending(Path home, String runId, Instant since) {
    Path file = file(home, runId);
    try {
      if (Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
        Files.deleteIfExists(file);
        return Optional.empty();
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("a request the run could not read (" + e.getMessage() + ")");
    }
  }

  /** Removes the request once it is answered. */
  public static void clear(Path home, String runId) {
    try {
      Files.deleteIfExists(file(home, runId));
    } catch (IOException e) {
      // a request left behind is older than the next process to run it: that process ignores it
    }
  }
}
