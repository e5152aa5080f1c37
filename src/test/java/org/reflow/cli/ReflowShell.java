package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reflow command line in a child JVM that {@code sh} starts under a given umask, with extra
 * environment variables: what a user's shell does. Its streams go to files beside (not inside) the
 * home; a child that outlives its deadline is killed and fails the test with what it printed.
 */
final class ReflowShell {

  private final String umask;
  private final Map<String, String> environment;
  private final Path streams;
  private int count;

  /** @param streams an existing folder outside the home, for the children's standard output and error */
  ReflowShell(String umask, Map<String, String> environment, Path streams) {
    this.umask = umask;
    this.environment = environment;
    this.streams = streams;
  }

  /** Runs {@code reflow args…}, checks its exit status and returns its standard output and error. */
  Cli.Result expect(int status, Duration within, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    int n = ++count;
    Path out = streams.resolve(n + ".out");
    Path err = streams.resolve(n + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      fail("reflow " + String.join(" ", args) + " did not end within " + within + "; killed. It printed:\n" + read(out) + read(err));
    }
    Cli.Result result = new Cli.Result(process.exitValue(), read(out), read(err));
    assertEquals(status, result.code(), "reflow " + String.join(" ", args) + "\n" + result.out() + result.err());
    return result;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
