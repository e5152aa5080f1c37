package org.reflow.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.reflow.experiment.RunLock;

/** The run locks under {@code <home>/locks}: which runs another process is writing now. */
public final class RunLocks implements AutoCloseable {

  private final List<RunLock> held;

  private RunLocks(List<RunLock> held) {
    this.held = held;
  }

  /**
   * Takes every run's lock, so that no run or resume starts until {@link #close()}.
   *
   * @throws RunLock.HeldException naming the first run another process is writing
   */
  public static RunLocks holdAll(Path home) {
    List<RunLock> held = new ArrayList<>();
    try {
      for (String runId : lockedRunIds(home)) {
        held.add(RunLock.acquire(home, runId));
      }
      return new RunLocks(held);
    } catch (RuntimeException e) {
      held.forEach(RunLock::close);
      throw e;
    }
  }

  /** The runs whose lock a process holds now. */
  public static Set<String> live(Path home) {
    Set<String> live = new TreeSet<>();
    for (String runId : lockedRunIds(home)) {
      if (RunLock.isHeld(home, runId)) {
        live.add(runId);
      }
    }
    return live;
  }

  /** The lock a process holds while it opens the journal (experiment.JournalOpenLock): no run's. */
  private static final String JOURNAL_OPEN_LOCK = "journal.lock";

  /** Every run that has a lock file: every run started on this machine. */
  static List<String> lockedRunIds(Path home) {
    Path folder = home.resolve("locks");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".lock") && !n.equals(JOURNAL_OPEN_LOCK))
          .map(n -> n.substring(0, n.length() - ".lock".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run locks in " + folder + " (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    held.forEach(RunLock::close);
  }
}
