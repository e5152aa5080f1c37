package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real reflow command line in a child JVM on this JVM's class path, its output (stdout and
 * stderr together) read line by line as it comes, each line with the time it arrived.
 */
final class CliProcess {

  /** A line of output and when it arrived ({@link System#nanoTime()}). */
  record Line(String text, long at) {}

  private final Process process;
  private final List<Line> lines = new ArrayList<>();
  private final Thread reader;
  private long exitedAt;

  private CliProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "cli-output");
    reader.start();
  }

  /** Starts {@code reflow args… --home home}. */
  static CliProcess start(Path home, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--home", home.toString()));
    return new CliProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the first line {@code when} accepts; fails if the child ends first or it takes longer than {@code limit}. */
  Line awaitLine(Predicate<String> when, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      synchronized (lines) {
        for (; seen < lines.size(); seen++) {
          if (when.test(lines.get(seen).text())) {
            return lines.get(seen);
          }
        }
        if (!reader.isAlive()) {
          throw new AssertionError("the child ended before the awaited line:\n" + output());
        }
        lines.wait(100);
      }
    }
    throw new AssertionError("no awaited line within " + limit + ":\n" + output());
  }

  /** Waits for the child to end (at most {@code limit}, then it is killed and the test fails); returns its exit status. */
  int exit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child did not end within " + limit + ":\n" + output());
    }
    exitedAt = System.nanoTime();
    reader.join(10_000);
    return process.exitValue();
  }

  /** When {@link #exit} saw the child end ({@link System#nanoTime()}). */
  long exitedAt() {
    return exitedAt;
  }

  List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  String output() {
    StringBuilder all = new StringBuilder();
    lines().forEach(l -> all.append(l.text()).append('\n'));
    return all.toString();
  }

  /** Whether any line looks like a stack trace or names an exception. */
  static void assertNoStackTrace(String output) {
    for (String line : output.split("\n")) {
      assertTrue(!line.contains("Exception") && !line.matches("^\\s+at .*") && !line.startsWith("Caused by")
          && !line.matches("^\\s+\\.\\.\\. \\d+ more"), "a stack trace on the terminal: '" + line + "' in\n" + output);
    }
  }

  private void read() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (lines) {
          lines.add(new Line(line, System.nanoTime()));
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      synchronized (lines) {
        lines.add(new Line("(output unreadable: " + e.getMessage() + ")", System.nanoTime()));
      }
    }
  }
}
