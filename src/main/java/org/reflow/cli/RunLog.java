package org.reflow.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.reflow.store.HomeNames;

/**
 * A run's log, {@code REFLOW_HOME/logs/<runId>.log}: while a run or resume is conducted, what the
 * libraries log (Pekko, Slick and the journal, through SLF4J, which writes to System.err) and any
 * stack trace go there instead of the terminal, their secrets masked ({@link RedactedOutput});
 * each resume appends. The file holds 64 KiB in reserve past its text, so that when the disk
 * fills the trace of the write that failed still fits; closing gives the reserve back (a killed
 * process leaves it as zeros, trimmed on the next open). When the log cannot be opened (a home
 * that is not writable), System.err is left alone.
 */
final class RunLog implements AutoCloseable {

  private static final int RESERVE = 64 * 1024;

  private final PrintStream terminal;
  private final Optional<Path> file;
  private final FileChannel channel;
  private long position;

  private RunLog(PrintStream terminal, Optional<Path> file, FileChannel channel, long position) {
    this.terminal = terminal;
    this.file = file;
    this.channel = channel;
    this.position = position;
  }

  /** Opens the log of {@code runId} under {@code home} and points System.err at it until {@link #close()}. */
  static RunLog open(Path home, String runId) {
    PrintStream terminal = System.err;
    Path file = home.resolve("logs").resolve(HomeNames.runId(runId) + ".log");
    FileChannel channel;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      return new RunLog(terminal, Optional.empty(), null, 0);
    }
    RunLog log;
    try {
      log = new RunLog(terminal, Optional.of(file), channel, endOfText(channel));
    } catch (IOException e) {
      closeQuietly(channel);
      return new RunLog(terminal, Optional.empty(), null, 0);
    }
    PrintStream stream = RedactedOutput.printStream(log.new Appender(), StandardCharsets.UTF_8);
    stream.println("--- " + Instant.now() + " run " + runId + ", process " + ProcessHandle.current().pid());
    log.reserve();
    System.setErr(stream);
    return log;
  }

  /** The terminal's error stream, for what the person running the command must see. */
  PrintStream terminal() {
    return terminal;
  }

  /** The log file; empty when it could not be opened. */
  Optional<Path> file() {
    return file;
  }

  /** Points System.err back at the terminal and gives back the unused reserve. */
  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    System.err.flush();
    System.setErr(terminal);
    synchronized (this) {
      try {
        channel.truncate(position);
      } catch (IOException e) {
        terminal.println("reflow: could not trim the log " + file.orElseThrow() + " (" + e.getMessage() + ")");
      }
      closeQuietly(channel);
    }
  }

  /** Zeros after the text, so the file's blocks are taken now, while there is room; best effort. */
  private synchronized void reserve() {
    try {
      ByteBuffer zeros = ByteBuffer.allocate(RESERVE);
      long at = position;
      while (zeros.hasRemaining()) {
        at += channel.write(zeros, at);
      }
    } catch (IOException full) {
      // no room for a reserve: the log still takes what the disk allows
    }
  }

  /** Where the text of earlier runs ends: before a killed process's unused reserve. */
  private static long endOfText(FileChannel channel) throws IOException {
    long size = channel.size();
    long start = Math.max(0, size - RESERVE);
    ByteBuffer tail = ByteBuffer.allocate((int) (size - start));
    while (tail.hasRemaining()) {
      if (channel.read(tail, start + tail.position()) < 0) {
        break;
      }
    }
    int end = tail.position();
    while (end > 0 && tail.get(end - 1) == 0) {
      end--;
    }
    channel.truncate(start + end);
    return start + end;
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to lose
    }
  }

  /** Writes at the end of the text, over the reserve; past it the file grows as the disk allows. */
  private final class Appender extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      synchronized (RunLog.this) {
        if (!channel.isOpen()) {
          return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
          position += channel.write(buffer, position);
        }
      }
    }
  }
}
