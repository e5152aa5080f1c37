package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM on this JVM's class path whose standard output is read on its own thread as it
 * comes, so every wait on it has a deadline: a child that hangs or never prints what a test waits
 * for is killed (SIGKILL) and fails the test with its output so far, in minutes rather than when
 * the build's own timeout ends it.
 */
public final class ChildProcess implements AutoCloseable {

  /** Marks the end of the child's output in {@link #lines}. */
  private static final Optional<String> END = Optional.empty();

  private final Process process;
  private final StringBuilder output = new StringBuilder();
  private final LinkedBlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();

  private ChildProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "child-" + process.pid() + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} with {@code args} in a new JVM.
   *
   * @param errors true to read its standard error with its output; false to pass it through to this JVM's
   * @param environment variables set for the child on top of this process's environment
   */
  public static ChildProcess java(Class<?> main, List<String> args, boolean errors, Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    if (errors) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    return new ChildProcess(builder.start());
  }

  /**
   * Waits for the first line {@code when} accepts and returns the output up to and including it;
   * fails, killing the child, if the child ends first or {@code within} passes.
   */
  public String awaitLine(Predicate<String> when, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    StringBuilder seen = new StringBuilder();
    while (true) {
      Optional<String> line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        kill();
        fail("the child printed no line the test waits for within " + within + "; killed. Its output:\n" + output());
      }
      if (line.isEmpty()) {
        lines.add(END);
        process.waitFor(30, TimeUnit.SECONDS);
        fail("the child ended before the line the test waits for. Its output:\n" + output());
      }
      seen.append(line.get()).append('\n');
      if (when.test(line.get())) {
        return seen.toString();
      }
    }
  }

  /** Waits for the child to end by itself within {@code within}, checks its exit status and returns all it printed. */
  public String awaitExit(int status, Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      fail("the child did not end within " + within + "; killed. Its output:\n" + output());
    }
    awaitEndOfOutput();
    assertEquals(status, process.exitValue(), output());
    return output();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye; returns once the child is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("the child " + process.pid() + " outlived SIGKILL by 30 s");
    }
  }

  /** Everything the child has printed so far. */
  public String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  public long pid() {
    return process.pid();
  }

  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Kills the child if it is still running, so no test leaves one behind. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void awaitEndOfOutput() throws InterruptedException {
    // the child has exited; its output ends as soon as the pipe drains (a grandchild holding it is not waited for)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!lines.contains(END) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (output) {
          output.append(line).append('\n');
        }
        lines.add(Optional.of(line));
      }
    } catch (IOException e) {
      synchronized (output) {
        output.append("[reading the child's output failed: ").append(e.getMessage()).append("]\n");
      }
    } finally {
      lines.add(END);
    }
  }
}
