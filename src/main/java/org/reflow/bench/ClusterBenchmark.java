package org.reflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An experiment of two independent branches run by a coordinator that only coordinates
 * ({@code --local-workers none}) on one worker node, then on two — real processes on loopback,
 * every one with one numeric thread and OMP_NUM_THREADS=1 — timed from the coordinator's start
 * (its nodes already up and waiting) to its exit, median of several runs, the two set-ups alternating so drift hits both.
 */
final class ClusterBenchmark {

  /**
   * Two rectify branches on independent pairs (cheap to draw: the trainers are what is measured), sized
   * so training dominates the cluster's start-up and the evaluations.
   */
  private static final String SPEC = """
      experiment: bench-two-branches
      seed: 5
      data:
        source: 8gaussians
        target: moons
      model: {hidden: [512, 512]}
      defaults:
        train: {steps: %d, batch: 512, lr: 1.0e-3, checkpoint_every: %d}
      stages:
        left: {kind: rectify}
        right: {kind: rectify}
      evaluation: {every: %d, samples: 200, solvers: ["euler:1"]}
      """;
  /** Long enough for a node's JVM to start and wait for its coordinator. */
  private static final Duration NODE_START = Duration.ofSeconds(8);
  private static final long TIMEOUT_MINUTES = 20;

  private final String mainClass;
  private final Path dir;

  ClusterBenchmark(String mainClass, Path dir) {
    this.mainClass = mainClass;
    this.dir = dir;
  }

  /** Wall seconds of each repetition on one node and on two, and the ratio of their medians. */
  Map<String, Object> measure(int repetitions, int steps) throws IOException, InterruptedException {
    Path spec = dir.resolve("two-branches.yaml");
    Files.writeString(spec, SPEC.formatted(steps, steps, steps));
    List<Double> one = new ArrayList<>();
    List<Double> two = new ArrayList<>();
    for (int r = 0; r < repetitions; r++) {
      for (int nodes : new int[] {1, 2}) {
        System.err.printf("bench --cluster: run %d/%d on %d node%s ...%n", r + 1, repetitions, nodes, nodes == 1 ? "" : "s");
        double seconds = runOnNodes(spec, nodes, dir.resolve("r" + r + "-n" + nodes));
        (nodes == 1 ? one : two).add(seconds);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("experiment", "two independent rectify branches (independent coupling), MLP 2-512-512-2, batch 512, " + steps + " steps each");
    out.put("omp_num_threads", 1);
    out.put("numeric_threads_per_node", 1);
    out.put("one_node_seconds", one);
    out.put("two_nodes_seconds", two);
    double ratio = PairStreamBenchmark.median(two) / PairStreamBenchmark.median(one);
    out.put("median_one_node_seconds", PairStreamBenchmark.median(one));
    out.put("median_two_nodes_seconds", PairStreamBenchmark.median(two));
    out.put("two_over_one", ratio);
    return out;
  }

  /**
   * Starts {@code nodes} worker nodes, then the coordinator on a port chosen here, as a user would
   * ({@code ops/cluster-local}, then the run); returns the coordinator's wall seconds, from its start
   * to its exit. The nodes' JVMs start while no run waits on them.
   */
  private double runOnNodes(Path spec, int nodes, Path home) throws IOException, InterruptedException {
    List<Process> started = new ArrayList<>();
    try {
      String port = Integer.toString(freePort());
      for (int n = 0; n < nodes; n++) {
        started.add(spawn(List.of("node", "--join", "127.0.0.1:" + port, "--threads", "1", "--roles",
            "trainer,evaluator,coupler", "--home", home.resolve("node-" + n).toString()), true));
      }
      Thread.sleep(NODE_START.toMillis());
      long start = System.nanoTime();
      Process coordinator = spawn(List.of("run", spec.toString(), "--home", home.resolve("coordinator").toString(),
          "--port", port, "--local-workers", "none"), false);
      started.add(coordinator);
      BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8));
      String last = "";
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        last = line;
      }
      if (!coordinator.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || coordinator.exitValue() != 0) {
        throw new IllegalStateException("the benchmark's run did not complete; its last line: " + last);
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      for (Process p : started) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private Process spawn(List<String> args, boolean discardOutput) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (discardOutput) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.environment().put("REFLOW_NUMERIC_THREADS", "1");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }
}
