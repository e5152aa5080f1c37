package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;

/**
 * A replicated run killed with SIGKILL — once when one replicate is ahead of the other, once in
 * the middle of the second replicate's coupling generation — and resumed each time ends with
 * the uninterrupted run's checkpoints, couplings and metrics, replicate by replicate: a resumed
 * stage draws again with its own replicate's seed. Real child JVMs on real H2 homes.
 */
class ReplicatesResumeAfterKillTest {

  private static final String SPEC = "src/test/resources/specs/valid/tiny-chain.yaml";
  private static final Duration PHASE = Duration.ofMinutes(5);

  @TempDir Path dir;

  @Test
  void aReplicatedRunKilledTwiceAndResumedEndsInTheUninterruptedRunsBytes() throws Exception {
    Path plain = dir.resolve("uninterrupted");
    ChildProcess straight = child(plain, "run", SPEC, "--set", "replicates=2");
    String reference = Cli.runId(straight.awaitExit(0, PHASE));
    RunHistory expected = Cli.history(plain, reference);
    assertEquals("completed", expected.status());

    Path killed = dir.resolve("killed-twice");
    ChildProcess first = child(killed, "run", SPEC, "--set", "replicates=2");
    String runId = Cli.runId(first.awaitLine(line("^s5/rf1\\s+completed after.*"), PHASE));
    first.kill();
    assertNotEquals("completed", Cli.history(killed, runId).status());

    ChildProcess second = child(killed, "resume", runId);
    second.awaitLine(line("^s6/rf2\\s+coupling shard 1/3 written.*"), PHASE);
    second.kill();
    RunHistory stopped = Cli.history(killed, runId);
    assertTrue(stopped.stages().get("s6/rf2").coupling().isEmpty(), "killed mid-generation of replicate s6's pairs");

    String resumed = child(killed, "resume", runId).awaitExit(0, PHASE);
    assertTrue(resumed.contains("run " + runId + " completed"), resumed);
    RunHistory actual = Cli.history(killed, runId);
    assertEquals("completed", actual.status());
    assertEquals(expected.stages().keySet(), actual.stages().keySet());
    for (String stage : expected.stages().keySet()) {
      StageRecord want = expected.stages().get(stage);
      StageRecord got = actual.stages().get(stage);
      assertEquals(checkpoints(want), checkpoints(got), "every checkpoint of " + stage + ", byte for byte");
      assertEquals(want.coupling().map(Event.CouplingMaterialized::shardSha256s),
          got.coupling().map(Event.CouplingMaterialized::shardSha256s), "the coupling of " + stage);
      assertEquals(metrics(expected, stage), metrics(actual, stage), "the metrics of " + stage);
    }
  }

  private static Predicate<String> line(String regex) {
    return l -> l.matches(regex);
  }

  private static Map<Long, String> checkpoints(StageRecord stage) {
    Map<Long, String> bySteps = new TreeMap<>();
    stage.checkpoints().forEach(c -> bySteps.put(c.step(), c.sha256()));
    return bySteps;
  }

  private static Map<String, Map<String, Double>> metrics(RunHistory history, String stage) {
    Map<String, Map<String, Double>> all = new TreeMap<>();
    history.metrics(stage).forEach(m -> assertTrue(all.put(m.step() + " " + m.solver(), m.values()) == null, "recorded twice: " + m));
    return all;
  }

  private static ChildProcess child(Path home, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--home", home.toString()));
    return ChildProcess.java(Main.class, command, true, Map.of());
  }
}
