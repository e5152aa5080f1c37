package org.reflow.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * One process at a time opens the home's journal: an operating-system lock on
 * {@code REFLOW_HOME/locks/journal.lock}, held from before the first connection until this process
 * either serves the database (AUTO_SERVER, its address written to {@code reflow.lock.db}) or is
 * connected to the process that does. Without it, processes started in the same second race in
 * H2's own lock-file protocol ("Lock file recently modified", "Concurrent update"): each sees the
 * file of another that has not yet started its server. Held for the opening only, so a running
 * run never holds it; the operating system drops it when a process dies.
 */
final class JournalOpenLock implements AutoCloseable {

  /** How long a process waits for others to open the journal before it gives up and says so. */
  static final Duration WAIT = Duration.ofSeconds(120);

  /** The lock file inside REFLOW_HOME. */
  static final String PATH = "locks/journal.lock";

  /** Threads of this process take turns here: two channels of one process cannot both lock a file. */
  private static final Semaphore IN_THIS_PROCESS = new Semaphore(1);

  private static final Duration POLL = Duration.ofMillis(20);

  private final FileChannel channel;
  private final FileLock lock;

  private JournalOpenLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Waits (at most {@link #WAIT}) until no other process is opening the journal of {@code home},
   * then holds the lock until {@link #close()}.
   */
  static JournalOpenLock acquire(Path home) {
    Path file = home.resolve(PATH);
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      if (!IN_THIS_PROCESS.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw stillHeld(file, "another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReflowHomeException("interrupted while waiting to open the journal of " + home, e);
    }
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      while (lock == null) {
        if (System.nanoTime() > deadline) {
          String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
          channel.close();
          throw stillHeld(file, holder.isEmpty() ? "another process" : holder);
        }
        Thread.sleep(POLL.toMillis());
        lock = channel.tryLock();
      }
      String holder = "pid " + ProcessHandle.current().pid() + " since " + Instant.now();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
      return new JournalOpenLock(channel, lock);
    } catch (IOException e) {
      IN_THIS_PROCESS.release();
      throw new ReflowHomeException("cannot lock " + file + " to open the journal (" + e.getMessage()
          + "); make REFLOW_HOME writable by user " + System.getProperty("user.name") + ".", e);
    } catch (InterruptedException e) {
      IN_THIS_PROCESS.release();
      Thread.currentThread().interrupt();
      throw new ReflowHomeException("interrupted while waiting to open the journal of " + home, e);
    } catch (RuntimeException e) {
      IN_THIS_PROCESS.release();
      throw e;
    }
  }

  private static ReflowHomeException stillHeld(Path file, String holder) {
    return new ReflowHomeException("The journal of " + file.getParent().getParent() + " was still being opened by "
        + holder + " after " + WAIT.toSeconds() + " s of waiting (lock " + file + "): that process is stuck;"
        + " stop it, then start this command again.");
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the channel or, at worst, with the process.
    } finally {
      IN_THIS_PROCESS.release();
    }
  }
}
