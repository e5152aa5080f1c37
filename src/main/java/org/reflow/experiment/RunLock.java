package org.reflow.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one process allowed to write a run: an operating-system lock on
 * {@code REFLOW_HOME/locks/<runId>.lock}, held while {@code run} or {@code resume} conducts it.
 * The operating system releases it when the process ends in any way (SIGKILL included), so a
 * crashed run never stays locked; a second process asking for it is told who holds it.
 *
 * <p>The file lock is per machine (a network file system's locks are not relied on). On a
 * PostgreSQL journal, which processes on other machines share, {@link #acquire(ReflowSettings,
 * String)} also takes the run's {@link RunLease} in the database: one writer across machines.
 */
public final class RunLock implements AutoCloseable {

  /** The run is being written by another process; the message says which and what to do. */
  public static final class HeldException extends RuntimeException {
    HeldException(String message) {
      super(message);
    }
  }

  /**
   * Lock files this process holds. A second channel on a held file is never opened: closing it
   * would release the process's lock on that file (POSIX locks belong to the process).
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Optional<RunLease> lease;

  private RunLock(Path file, FileChannel channel, FileLock lock, Optional<RunLease> lease) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.lease = lease;
  }

  /**
   * Takes the lock of {@code runId} in the home of {@code settings} and, when the journal is on
   * PostgreSQL, the run's lease in that database; fails at once if another process holds either.
   *
   * @param settings the settings of a started {@link ReflowSystem}: with the journal's password
   * @throws HeldException when another process, on this machine or another, holds it
   * @throws ReflowHomeException when the journal's database cannot be used
   */
  public static RunLock acquire(ReflowSettings settings, String runId) {
    RunLock local = acquire(settings.home(), runId);
    if (settings.database().url().startsWith("jdbc:h2:")) {
      return local;
    }
    try {
      return new RunLock(local.file, local.channel, local.lock, Optional.of(RunLease.acquire(settings.database(), runId)));
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
  }

  /**
   * Takes the lock of {@code runId} under {@code home}, or fails at once if another process holds it.
   *
   * @throws HeldException when another process holds it
   */
  public static RunLock acquire(Path home, String runId) {
    Path file = home.resolve("locks").resolve(runId + ".lock").toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      throw held(runId, "this process");
    }
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        channel.close();
        HELD.remove(file);
        throw held(runId, "another process (" + (holder.isEmpty() ? "unknown" : holder) + ")");
      }
      String holder = "pid " + ProcessHandle.current().pid() + " on " + ManagementFactory.getRuntimeMXBean().getName()
          .replaceFirst("^\\d+@", "") + " since " + Instant.now();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new RunLock(file, channel, lock, Optional.empty());
    } catch (IOException e) {
      HELD.remove(file);
      throw new UncheckedIOException("cannot lock run " + runId + " at " + file + " (" + e.getMessage()
          + "); make REFLOW_HOME writable", e);
    }
  }

  /**
   * Whether a process (this one included) holds the run's lock now. Writes nothing and leaves the
   * lock as it found it: for commands that only look, such as {@code reflow gc --dry-run}.
   */
  public static boolean isHeld(Path home, String runId) {
    Path file = home.resolve("locks").resolve(runId + ".lock").toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return true; // cannot tell: treat the run as live, which only makes gc keep more
    } finally {
      HELD.remove(file);
    }
  }

  static HeldException held(String runId, String holder) {
    return new HeldException("run " + runId + " is being run by " + holder + "; a run has one writer. Wait for"
        + " that process to end — 'reflow show " + runId + "' follows its progress — or stop it and resume again.");
  }

  /** Releases the lease and the lock; the file stays (it is reused, and its content says who held it last). */
  @Override
  public void close() {
    lease.ifPresent(RunLease::close);
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    } finally {
      HELD.remove(file);
    }
  }
}
