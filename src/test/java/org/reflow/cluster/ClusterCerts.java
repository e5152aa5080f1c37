package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the operators' script {@code ops/cluster-certs} for real, as a person would. */
final class ClusterCerts {

  static final Path SCRIPT = Path.of("ops", "cluster-certs").toAbsolutePath();

  private ClusterCerts() {}

  /** Runs {@code ops/cluster-certs args...}; returns its exit status and everything it printed. */
  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("ops/cluster-certs did not end within 3 minutes: " + command);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }

  /** Makes a CA in {@code dir} and a node folder for each of {@code nodes}, failing the test if the script does. */
  static void make(Path dir, String... nodes) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(dir.toString()));
    args.addAll(List.of(nodes));
    Result result = run(args.toArray(String[]::new));
    assertEquals(0, result.status(), result.output());
    for (String node : nodes) {
      assertTrue(dir.resolve(node).resolve(TlsFolder.KEY_STORE).toFile().isFile(), result.output());
    }
  }

  record Result(int status, String output) {}
}
