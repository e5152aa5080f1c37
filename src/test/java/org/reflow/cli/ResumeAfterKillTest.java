package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.store.ArtifactStore;

/**
 * The exactness promise of {@code reflow resume}: a run killed with SIGKILL — mid-training,
 * mid-coupling-generation, between stages, mid-evaluation, several times over — and resumed each
 * time ends with the same checkpoints (same SHA-256), couplings, metrics and training log as an
 * uninterrupted run. Every run is a real child JVM running the real command line on a real H2
 * home; the kill comes when the child's own output shows it inside the chosen phase, and the
 * journal is then checked to hold what the child had reported as recorded.
 */
class ResumeAfterKillTest {

  private static final String SPEC = "src/test/resources/specs/valid/resumable-chain.yaml";
  private static final int STEPS = 1200;
  private static final Pattern STEP = Pattern.compile("^(\\S+)\\s+step\\s+(\\d+)/");
  /** The longest any one child may take to reach its kill point or its end; an uninterrupted run takes well under it. */
  private static final Duration PHASE = Duration.ofMinutes(5);

  @TempDir Path dir;

  @Test
  void aRunKilledAtEveryKindOfPointAndResumedEndsInTheUninterruptedRunsBytes() throws Exception {
    Path plain = dir.resolve("uninterrupted");
    String reference = Cli.runId(child(plain, "run", SPEC).untilExit(0));
    RunHistory expected = Cli.history(plain, reference);

    Path killed = dir.resolve("killed-four-times");
    Child first = child(killed, "run", SPEC).killWhen(training("rf1"));
    String runId = Cli.runId(first.output());
    RunHistory stopped = Cli.history(killed, runId);
    assertFalse(stage(stopped, "rf1").checkpoints().isEmpty(), "killed mid-training, after a checkpoint");
    assertEquals(StageRecord.Status.RUNNING, stage(stopped, "rf1").status(), "killed mid-training");

    child(killed, "resume", runId).killWhen(line -> line.matches("^rf2\\s+coupling shard 3/8 written"));
    stopped = Cli.history(killed, runId);
    assertTrue(stage(stopped, "rf2").shards().size() >= 3, "the child said 3 shards were recorded; the journal has them");
    assertTrue(stage(stopped, "rf2").coupling().isEmpty(), "killed mid-coupling-generation");

    child(killed, "resume", runId).killWhen(training("rf2"));
    stopped = Cli.history(killed, runId);
    assertEquals(StageRecord.Status.RUNNING, stage(stopped, "rf2").status(), "killed mid-training of a reflow stage");
    // Lost artifacts that the run's records can rebuild: a shard of rf2's coupling and rf2's latest checkpoint.
    ArtifactStore store = ArtifactStore.open(killed);
    Event.CheckpointSaved latest = stage(stopped, "rf2").lastCheckpoint().orElseThrow();
    Files.delete(store.path(latest.sha256()));
    Files.write(store.path(stage(stopped, "rf2").shards().get(1).sha256()), new byte[] {1, 2, 3});

    Child repairing = child(killed, "resume", runId).killWhen(line -> line.matches("^rf2-distilled\\s+completed after.*"));
    assertTrue(repairing.output().contains("checkpoint " + latest.checkpointId() + " (step " + latest.step()
        + " of stage 'rf2') is missing or damaged"), repairing.output());
    assertTrue(repairing.output().contains("shard 1 of coupling cp-" + runId + "-rf2 is missing or damaged"), repairing.output());
    assertTrue(store.isIntact(latest.sha256()), "the lost checkpoint was retrained to its recorded bytes");
    stopped = Cli.history(killed, runId);
    assertEquals(StageRecord.Status.COMPLETED, stage(stopped, "rf2-distilled").status());
    assertEquals("incomplete", stopped.status(), "killed while the last checkpoints were being evaluated");
    Set<String> pending = evaluated(expected);
    pending.removeAll(evaluated(stopped));
    assertFalse(pending.isEmpty(), "killed mid-evaluation: every evaluation the uninterrupted run made was already recorded");
    assertTrue(savedAll(stopped, pending), "the checkpoints still to evaluate were saved: " + pending);

    String resumed = child(killed, "resume", runId).untilExit(0);
    assertTrue(resumed.contains("resume 4 recorded: kept rf1, rf2, rf2-distilled (completed)"), resumed);
    assertTrue(resumed.contains("report: " + killed.resolve(runId).resolve("report.html").toAbsolutePath()), resumed);
    assertSameResults(expected, Cli.history(killed, runId), 4);

    
    Path between = dir.resolve("killed-between-stages");
    String betweenId = Cli.runId(child(between, "run", SPEC).killWhen(line -> line.matches("^rf1\\s+completed after.*")).output());
    RunHistory afterRf1 = Cli.history(between, betweenId);
    assertEquals(StageRecord.Status.COMPLETED, stage(afterRf1, "rf1").status());
    // A lost artifact that the records cannot rebuild: rf1's final checkpoint, which rf2 needs.
    Path teacher = ArtifactStore.open(between).path(stage(afterRf1, "rf1").lastCheckpoint().orElseThrow().sha256());
    Path aside = Files.move(teacher, dir.resolve("aside.npz"));
    String refused = child(between, "resume", betweenId).untilExit(1);
    assertTrue(refused.contains("checkpoint " + stage(afterRf1, "rf1").finalCheckpoint().orElseThrow()
        + ", the final checkpoint of stage 'rf1' that stage 'rf2' simulates, is missing or damaged"), refused);
    assertTrue(refused.contains("Restore the file"), refused);
    assertEquals(afterRf1.events().size(), Cli.history(between, betweenId).events().size(), "a refused resume records nothing");
    Files.move(aside, teacher);
    child(between, "resume", betweenId).untilExit(0);
    assertSameResults(expected, Cli.history(between, betweenId), 1);

    int recorded = Cli.history(between, betweenId).events().size();
    String again = child(between, "resume", betweenId).untilExit(0);
    assertTrue(again.contains("completed; there is nothing to resume"), again);
    assertEquals(recorded, Cli.history(between, betweenId).events().size(), "resuming a completed run records nothing");
  }

  /** Progress of {@code stage} past its first checkpoints and before its last step. */
  private static Predicate<String> training(String stage) {
    return line -> {
      Matcher m = STEP.matcher(line);
      return m.find() && m.group(1).equals(stage) && Long.parseLong(m.group(2)) >= 200 && Long.parseLong(m.group(2)) < STEPS - 100;
    };
  }

  private static void assertSameResults(RunHistory expected, RunHistory actual, int resumptions) {
    assertEquals("completed", actual.status());
    assertInstanceOf(Event.ExperimentCompleted.class, actual.events().get(actual.events().size() - 1));
    assertEquals(resumptions, actual.events().stream().filter(e -> e instanceof Event.ExperimentResumed).count());
    for (String stage : expected.stages().keySet()) {
      StageRecord want = stage(expected, stage);
      StageRecord got = stage(actual, stage);
      assertEquals(checkpoints(want), checkpoints(got), "every checkpoint of " + stage + ", byte for byte");
      assertEquals(want.finalCheckpoint(), got.finalCheckpoint(), "the final checkpoint of " + stage);
      assertEquals(want.coupling().map(Event.CouplingMaterialized::shardSha256s),
          got.coupling().map(Event.CouplingMaterialized::shardSha256s), "the coupling of " + stage);
      List<Double> log = got.checkpoints().stream().flatMap(c -> c.losses().stream()).toList();
      assertEquals(STEPS, log.size(), "the training log of " + stage + " has every step once");
      assertEquals(want.checkpoints().stream().flatMap(c -> c.losses().stream()).toList(), log, "the training log of " + stage);
      assertEquals(metrics(expected, stage), metrics(actual, stage), "the metrics of " + stage + ", each recorded once");
    }
  }

  private static Map<Long, String> checkpoints(StageRecord stage) {
    Map<Long, String> bySteps = new LinkedHashMap<>();
    stage.checkpoints().forEach(c -> bySteps.put(c.step(), c.sha256()));
    return bySteps;
  }

  /** (step, solver) → values; a duplicate would fail here rather than be folded away. */
  private static Map<String, Map<String, Double>> metrics(RunHistory history, String stage) {
    Map<String, Map<String, Double>> all = new java.util.TreeMap<>();
    for (Event.MetricsRecorded m : history.metrics(stage)) {
      assertTrue(all.put(m.step() + " " + m.solver(), m.values()) == null, "metrics recorded twice: " + m);
    }
    return all;
  }

  /** (checkpoint, solver) pairs with metrics. */
  private static Set<String> evaluated(RunHistory history) {
    Set<String> pairs = new TreeSet<>();
    history.stages().keySet().forEach(stage -> history.metrics(stage).forEach(m -> pairs.add(m.checkpointId() + " " + m.solver())));
    return pairs;
  }

  /** The checkpoints of {@code pairs} of (checkpoint, solver), and whether {@code history} saved them all. */
  private static boolean savedAll(RunHistory history, Set<String> pairs) {
    Set<String> saved = new TreeSet<>();
    history.stages().values().forEach(stage -> stage.checkpoints().forEach(c -> saved.add(c.checkpointId())));
    return pairs.stream().allMatch(pair -> saved.contains(pair.substring(0, pair.indexOf(' '))));
  }

  private static StageRecord stage(RunHistory history, String stage) {
    return history.stages().get(stage);
  }

  private static Child child(Path home, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--home", home.toString()));
    return new Child(ChildProcess.java(Main.class, command, true, Map.of()));
  }

  /** A child reflow process, its output read as it comes; every wait on it ends within {@link #PHASE}. */
  private static final class Child {
    private final ChildProcess process;
    private String output = "";

    Child(ChildProcess process) {
      this.process = process;
    }

    /** Kills the child with SIGKILL at the first line {@code when} accepts; fails if it ends first or takes too long. */
    Child killWhen(Predicate<String> when) throws InterruptedException {
      output = process.awaitLine(when, PHASE);
      process.kill();
      return this;
    }

    /** Waits for the child to end by itself and checks its exit status; returns its output. */
    String untilExit(int status) throws InterruptedException {
      return process.awaitExit(status, PHASE);
    }

    String output() {
      return output;
    }
  }
}
