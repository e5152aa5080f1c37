package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.store.ArtifactStore;

/**
 * A run spread over a real Pekko Cluster on loopback: a coordinator that only coordinates
 * ({@code --local-workers none}) and two {@code reflow node} processes, each with its own home (no
 * shared files). Its final checkpoints must be byte-identical to the same file run in one JVM,
 * {@code show --json} must name the nodes that ran each stage, and a node SIGKILLed mid-training must cost nothing but
 * time: its stage restarts on the other node from the last recorded checkpoint.
 */
class ClusterRunTest {

  private static final Duration WITHIN = Duration.ofMinutes(6);
  private static final Pattern LISTENING = Pattern.compile("cluster: listening on (\\S+);");
  private static final Pattern ASSIGNED = Pattern.compile("^(\\S+)\\s+trainer on (\\S+)$");
  /** Every process computes with one BLAS thread: the promise of equal bytes is for equal thread counts. */
  private static final Map<String, String> ONE_THREAD = Map.of("OMP_NUM_THREADS", "1");
  /**
   * The chain whose first stage a test kills a process in: rf1 trains 8,000 steps (1,200 in the file),
   * so the window between its first checkpoints and its end is seconds long even at 1,000+ steps/s.
   */
  private static final List<String> CHAIN = List.of("src/test/resources/specs/valid/resumable-chain.yaml", "--set",
      "stages.rf1.train.steps=8000");
  private static final Pattern RF1_STEP = Pattern.compile("^rf1\\s+step\\s+(\\d+)/8000.*");

  /** Each spec's one-JVM result, computed once for the class. */
  private static final Map<List<String>, Map<String, String>> REFERENCES = new LinkedHashMap<>();
  @TempDir static Path references;

  @TempDir Path dir;
  private final List<ChildProcess> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (ChildProcess child : children) {
      child.close();
    }
  }

  @Test
  void twoNodesRunTheMainExperimentToTheBytesOfOneJvm() throws Exception {
    List<String> spec = List.of("experiments/three-gaussians.yaml");
    Map<String, String> expected = oneJvm(spec);

    ChildProcess coordinator = start(run(spec, "--home", dir.resolve("coordinator").toString(), "--port", "0",
        "--local-workers", "none"));
    String seed = seedAddress(coordinator);
    String first = node(seed, "node-a");
    String second = node(seed, "node-b");
    String output = coordinator.awaitExit(0, WITHIN);
    String runId = Cli.runId(output);

    RunHistory history = Cli.history(dir.resolve("coordinator"), runId);
    assertEquals(expected, finals(history), "a run over two nodes ends in the checkpoints of one JVM\n" + output);
    JsonNode shown = new ObjectMapper().readTree(Cli.expect(0, "show", runId, "--json", "--home", dir.resolve("coordinator").toString()));
    Set<String> nodes = new TreeSet<>();
    for (JsonNode stage : shown.get("stages")) {
      assertTrue(stage.get("nodes").size() > 0, "every stage names the node it ran on: " + stage);
      stage.get("nodes").forEach(n -> nodes.add(n.asText()));
    }
    assertTrue(Set.of(first, second).containsAll(nodes), "only the two nodes ran work, not the coordinator: " + nodes);
    assertTrue(coordinatorHolds(dir.resolve("coordinator"), history), "every recorded artifact is in the coordinator's store");
  }

  @Test
  void aNodeKilledMidTrainingCostsOnlyTimeTheRunEndsInTheSameBytes() throws Exception {
    Map<String, String> expected = oneJvm(CHAIN);

    Path home = dir.resolve("coordinator");
    ChildProcess coordinator = start(run(CHAIN, "--home", home.toString(), "--port", "0", "--local-workers", "none"));
    String seed = seedAddress(coordinator);
    Map<String, ChildProcess> byAddress = new LinkedHashMap<>();
    for (String name : List.of("node-a", "node-b")) {
      String address = node(seed, name);
      byAddress.put(address, children.get(children.size() - 1));
    }
    String assigned = coordinator.awaitLine(line -> ASSIGNED.matcher(line).matches() && line.startsWith("rf1 "), WITHIN);
    Matcher m = ASSIGNED.matcher(assigned.lines().reduce((a, b) -> b).orElseThrow());
    assertTrue(m.matches());
    String victim = m.group(2);
    // past rf1's checkpoint at step 200: the restart must continue from a recorded checkpoint, not from scratch
    coordinator.awaitLine(ClusterRunTest::rf1Midway, WITHIN);
    byAddress.get(victim).kill();

    String output = coordinator.awaitExit(0, WITHIN);
    String runId = Cli.runId(output);
    assertTrue(output.contains("rf1            lost its trainer on " + victim + "; restarting on another worker from step"), output);
    RunHistory history = Cli.history(home, runId);
    assertEquals(expected, finals(history), "the run survived the node's death with the bytes of one uninterrupted JVM\n" + output);
    assertEquals(2, history.stages().get("rf1").attempt(), "rf1 ran twice: on the dead node, then elsewhere");

    JsonNode rf1 = stage(new ObjectMapper().readTree(Cli.expect(0, "show", runId, "--json", "--home", home.toString())), "rf1");
    JsonNode log = rf1.get("attemptLog");
    assertEquals("aborted", log.get(0).get("outcome").asText(), rf1.toString());
    assertEquals(victim, log.get(0).get("nodes").get("trainer").asText(), "the first attempt ran on the killed node");
    assertEquals("completed", log.get(1).get("outcome").asText(), rf1.toString());
    String survivor = byAddress.keySet().stream().filter(a -> !a.equals(victim)).findFirst().orElseThrow();
    assertEquals(survivor, log.get(1).get("nodes").get("trainer").asText(), "the restart ran on the surviving node");
    String human = Cli.expect(0, "show", runId, "--home", home.toString());
    assertTrue(human.contains("attempt 1: aborted (trainer on " + victim + ")"), human);
    // by RUN/STAGE, not by checkpoint id: the one-JVM run above recorded the same bytes under the same id, and on a
    // PostgreSQL journal both runs share one journal
    String lineage = Cli.expect(0, "lineage", runId + "/rf1", "--home", home.toString());
    assertTrue(lineage.contains(victim) && lineage.contains(survivor), "lineage names both nodes of rf1:\n" + lineage);
    assertTrue(coordinatorHolds(home, history), "every recorded artifact is in the coordinator's store");
  }

  /** The final checkpoints of {@code spec} run in one JVM. */
  @Test
  void aCoordinatorKilledMidRunIsResumedOnItsAddressAndItsNodeRejoinsIt() throws Exception {
    Map<String, String> expected = oneJvm(CHAIN);
    Path home = dir.resolve("coordinator");
    String port = Integer.toString(freePort());
    ChildProcess coordinator = start(run(CHAIN, "--home", home.toString(), "--port", port, "--local-workers", "none"));
    String seed = seedAddress(coordinator);
    String nodeAddress = node(seed, "node-a");
    ChildProcess node = children.get(children.size() - 1);
    String before = coordinator.awaitLine(ClusterRunTest::rf1Midway, WITHIN);
    coordinator.kill();
    String runId = Cli.runId(before);

    ChildProcess resumed = start("resume", runId, "--home", home.toString(), "--port", port, "--local-workers", "none");
    String output = resumed.awaitExit(0, WITHIN);
    assertTrue(output.contains("run " + runId + " completed"), output);
    assertEquals(expected, finals(Cli.history(home, runId)), "the resumed cluster run ends in the bytes of one JVM\n" + output);
    String nodeOutput = node.output();
    assertTrue(nodeOutput.contains("node " + nodeAddress + ": the coordinator at " + seed + " is gone; rejoining when it is back"),
        nodeOutput);
    assertEquals(2, nodeOutput.lines().filter(l -> l.matches("^node \\S+: up in the cluster of .*")).count(),
        "the node joined the first coordinator, then the resumed one:\n" + nodeOutput);
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A line of rf1's progress between its checkpoint at step 200 and the middle of its training. */
  private static boolean rf1Midway(String line) {
    Matcher m = RF1_STEP.matcher(line);
    return m.matches() && Integer.parseInt(m.group(1)) >= 250 && Integer.parseInt(m.group(1)) <= 4000;
  }

  /** {@code reflow run SPEC-AND-SETTINGS MORE...}. */
  private static String[] run(List<String> spec, String... more) {
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(spec);
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The final checkpoints of {@code spec} (a file, then any --set) run in one JVM. */
  private Map<String, String> oneJvm(List<String> spec) throws Exception {
    if (!REFERENCES.containsKey(spec)) {
      Path home = references.resolve("one-jvm-" + REFERENCES.size());
      ChildProcess single = start(run(spec, "--home", home.toString()));
      String runId = Cli.runId(single.awaitExit(0, WITHIN));
      REFERENCES.put(spec, finals(Cli.history(home, runId)));
    }
    return REFERENCES.get(spec);
  }

  private static Map<String, String> finals(RunHistory history) {
    Map<String, String> finals = new LinkedHashMap<>();
    history.stages().forEach((id, stage) -> finals.put(id, stage.finalCheckpoint()
        .flatMap(stage::checkpoint).map(c -> c.sha256()).orElse("none")));
    return finals;
  }

  private static boolean coordinatorHolds(Path home, RunHistory history) {
    ArtifactStore store = ArtifactStore.open(home);
    for (StageRecord stage : history.stages().values()) {
      if (!stage.checkpoints().stream().allMatch(c -> store.isIntact(c.sha256()))
          || !stage.shards().values().stream().allMatch(s -> store.isIntact(s.sha256()))) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode stage(JsonNode shown, String id) {
    for (JsonNode s : shown.get("stages")) {
      if (s.get("id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no stage " + id + " in " + shown);
  }

  private static String seedAddress(ChildProcess coordinator) throws InterruptedException {
    String out = coordinator.awaitLine(line -> LISTENING.matcher(line).find(), WITHIN);
    Matcher m = LISTENING.matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  /** Starts a node that joins {@code seed} and returns its address, once it is up. */
  private String node(String seed, String name) throws Exception {
    ChildProcess node = start("node", "--join", seed, "--threads", "1", "--home", dir.resolve(name).toString());
    String out = node.awaitLine(line -> line.matches("^node \\S+: up in the cluster of .*"), WITHIN);
    Matcher m = Pattern.compile("node (\\S+): up in the cluster").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  private ChildProcess start(String... args) throws IOException {
    ChildProcess child = ChildProcess.java(Main.class, List.of(args), true, ONE_THREAD);
    children.add(child);
    return child;
  }
}
