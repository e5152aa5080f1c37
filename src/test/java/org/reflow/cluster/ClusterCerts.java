package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the operators' script {@code ops/cluster-certs} for real, as a person would. */
final class ClusterCerts {

  static final Path SCRIPT = Path.of("ops", "cluster-certs").toAbsolutePath();

  private ClusterCerts() {}

  /** Runs {@code ops/cluster-certs args...}; returns its exit status and everything it printed. */
  static Result run(String... args) throws IOException, InterruptedException {
    return finish(start(List.of(args)));
  }

  /**
   * Makes, at once, a CA in each folder of {@code nodesByFolder} and its node folders (in parallel: the
   * script's time is mostly keytool's JVM starting), failing the test if the script does.
   */
  static void make(Map<Path, List<String>> nodesByFolder) throws IOException, InterruptedException {
    Map<Path, Process> running = new LinkedHashMap<>();
    for (Map.Entry<Path, List<String>> folder : nodesByFolder.entrySet()) {
      List<String> args = new ArrayList<>(List.of(folder.getKey().toString()));
      args.addAll(folder.getValue());
      running.put(folder.getKey(), start(args));
    }
    for (Map.Entry<Path, Process> folder : running.entrySet()) {
      Result result = finish(folder.getValue());
      assertEquals(0, result.status(), result.output());
      for (String node : nodesByFolder.get(folder.getKey())) {
        assertTrue(Files.isRegularFile(folder.getKey().resolve(node).resolve(TlsFolder.KEY_STORE)), result.output());
      }
    }
  }

  private static Process start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    return process;
  }

  private static Result finish(Process process) throws IOException, InterruptedException {
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("ops/cluster-certs did not end within 3 minutes: " + process.info().commandLine());
    }
    // a few lines: the pipe never fills before the script ends
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }

  record Result(int status, String output) {}
}
