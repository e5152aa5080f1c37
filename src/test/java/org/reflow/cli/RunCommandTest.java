package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Event;
import org.reflow.experiment.ReflowSystem;
import org.reflow.store.ArtifactStore;
import org.reflow.store.Sha256;
import picocli.CommandLine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A whole chain through the command line, in a fresh REFLOW_HOME: the run completes, and its
 * history in the H2 journal holds every stage's checkpoints (each artifact present with its
 * recorded hash), the generated couplings and one set of metrics per checkpoint and solver.
 */
class RunCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void aChainRunsToCompletionAndItsJournalAndArtifactsAgree() throws Exception {
    String output = Cli.expect(0, "run", "src/test/resources/specs/valid/tiny-chain.yaml", "--home", home.toString());
    String[] lines = output.strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.matches("run \\S+ completed"), output);
    String runId = last.split(" ")[1];
    assertTrue(output.contains("rf2-distilled") && output.contains("straightness"), output);
    Path report = home.resolve(runId).resolve("report.html").toAbsolutePath();
    assertEquals("report: " + report, lines[lines.length - 2], "the report's path, just before the last line");
    assertTrue(java.nio.file.Files.readString(report).contains(runId), "the report is written and names its run");

    List<Event> events = journal(runId);
    assertInstanceOf(Event.ExperimentSubmitted.class, events.get(0));
    // The run completes last: after every stage and every evaluation.
    assertInstanceOf(Event.ExperimentCompleted.class, events.get(events.size() - 1));
    assertEquals(1, events.stream().filter(e -> e instanceof Event.ExperimentCompleted).count());
    ArtifactStore store = ArtifactStore.open(home);
    Set<String> stagesWithCheckpoints = new HashSet<>();
    Set<String> evaluated = new HashSet<>();
    int couplings = 0;
    for (Event e : events) {
      if (e instanceof Event.CheckpointSaved c) {
        stagesWithCheckpoints.add(c.stage());
        assertEquals(c.sha256(), Sha256.hex(store.path(c.sha256())), "checkpoint " + c.checkpointId());
      } else if (e instanceof Event.CouplingShardWritten s) {
        assertEquals(s.sha256(), Sha256.hex(store.path(s.sha256())), "shard " + s.shardIndex() + " of " + s.stage());
      } else if (e instanceof Event.CouplingMaterialized) {
        couplings++;
      } else if (e instanceof Event.MetricsRecorded m) {
        assertTrue(evaluated.add(m.checkpointId() + " " + m.solver()), "metrics recorded twice: " + m);
        assertTrue(m.values().containsKey("w2") && m.values().containsKey("straightness"), m.toString());
      }
    }
    assertEquals(Set.of("rf1", "rf2", "rf2-distilled"), stagesWithCheckpoints);
    assertEquals(2, couplings, "rf2 and rf2-distilled each generate a coupling");
    assertEquals(3 * 2 * 2, evaluated.size(), "3 stages x checkpoints at 30 and 60 x 2 solvers");

    JsonNode runs = JSON.readTree(Cli.expect(0, "runs", "--json", "--home", home.toString()));
    assertEquals(1, runs.size());
    assertEquals(runId, runs.get(0).get("id").asText());
    assertEquals("tiny-chain", runs.get(0).get("experiment").asText());
    assertEquals("completed", runs.get(0).get("status").asText());

    JsonNode shown = JSON.readTree(Cli.expect(0, "show", runId, "--json", "--home", home.toString()));
    assertEquals("completed", shown.get("status").asText());
    List<String> ids = new java.util.ArrayList<>();
    shown.get("stages").forEach(stage -> ids.add(stage.get("id").asText()));
    assertEquals(List.of("rf1", "rf2", "rf2-distilled"), ids);
    for (JsonNode stage : shown.get("stages")) {
      assertEquals("completed", stage.get("status").asText());
      String finalSha = stage.get("finalCheckpoint").get("sha256").asText();
      assertEquals(finalSha, Sha256.hex(store.path(finalSha)));
      assertEquals(60, stage.get("metrics").get("euler:1").get("step").asLong(), "latest metrics are the final checkpoint's");
      String rk45 = org.reflow.flow.solve.Solver.parse("rk45").describe(); // solvers are recorded in canonical form
      assertTrue(stage.get("metrics").get(rk45).get("values").has("w2"), stage.toString());
    }
    assertEquals("distill", shown.get("stages").get(2).get("kind").asText());
    assertTrue(Cli.expect(0, "show", runId, "--home", home.toString()).contains("rf2-distilled (distill): completed"));

    // lineage: distilled ← rf2's pairs ← rf2's final checkpoint ← rf1's pairs ← rf1 ← the data, and the spec
    Event.ExperimentSubmitted submitted = (Event.ExperimentSubmitted) events.get(0);
    Map<String, String> finals = new java.util.HashMap<>();
    Map<String, List<String>> shardHashes = new java.util.HashMap<>();
    for (Event e : events) {
      if (e instanceof Event.StageCompleted c) {
        finals.put(c.stage(), c.finalCheckpoint());
      } else if (e instanceof Event.CouplingMaterialized c) {
        shardHashes.put(c.stage(), c.shardSha256s());
      }
    }
    JsonNode lineage = JSON.readTree(Cli.expect(0, "lineage", runId + "/rf2-distilled", "--format", "json", "--home", home.toString()));
    assertEquals(finals.get("rf2-distilled"), lineage.get("id").asText());
    JsonNode stage = lineage.get("inputs").get(0);
    assertEquals("distill", stage.get("facts").get("kind").asText());
    JsonNode warmStart = stage.get("inputs").get(0);
    assertEquals("warm start", warmStart.get("role").asText());
    assertEquals(finals.get("rf2"), warmStart.get("id").asText());
    JsonNode pairs = stage.get("inputs").get(1);
    assertEquals(shardHashes.get("rf2-distilled").get(0), pairs.get("facts").get("shardSha256s").get(0).asText());
    JsonNode teacher = pairs.get("inputs").get(0);
    assertEquals("teacher", teacher.get("role").asText());
    assertEquals(finals.get("rf2"), teacher.get("id").asText());
    JsonNode rf2Pairs = teacher.get("inputs").get(0).get("inputs").get(1);
    assertEquals(finals.get("rf1"), rf2Pairs.get("inputs").get(0).get("id").asText(), "rf2 trained on rf1's pairs");
    JsonNode spec = lineage.get("inputs").get(1);
    assertEquals(submitted.specSha256(), spec.get("id").asText());
    assertEquals(lineage, JSON.readTree(Cli.expect(0, "lineage", finals.get("rf2-distilled"), "--format", "json", "--home", home.toString())));
    String tree = Cli.expect(0, "lineage", runId + "/rf2-distilled", "--home", home.toString());
    assertTrue(tree.contains("teacher: checkpoint " + finals.get("rf2")) && tree.contains("(as above)"), tree);
  }

  @Test
  void aStageThatDivergesFailsTheRunWithItsReasonInTheOutputAndTheJournal() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute("run", "src/test/resources/specs/valid/tiny-chain.yaml",
          "--set", "stages.rf1.train.lr=1.0e30", "--home", home.toString());
    } finally {
      System.setOut(saved);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    String[] lines = text.strip().split("\n");
    assertEquals(1, code, text);
    assertTrue(lines[lines.length - 1].matches("run \\S+ failed"), text);
    assertTrue(text.contains("training diverged — lower the learning rate"), text);
    String runId = lines[lines.length - 1].split(" ")[1];
    List<Event> events = journal(runId);
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.StageFailed f && f.stage().equals("rf1")), events.toString());
    assertInstanceOf(Event.ExperimentFailed.class, events.get(events.size() - 1));
  }

  @Test
  void branchesWaitingForTheOnlyTrainerOpenTheirPairsOnlyWhenItIsFree() throws Exception {
    // A pair stream not taken within the subscription timeout is torn down: make it short, so a
    // branch whose pairs were opened before a Trainer was free would fail.
    System.setProperty("pekko.stream.materializer.stream-ref.subscription-timeout", "300ms");
    ConfigFactory.invalidateCaches();
    try {
      String output = Cli.expect(0, "run", "src/test/resources/specs/valid/tiny-branches.yaml", "--home", home.toString());
      assertTrue(output.strip().endsWith("completed"), output);
      String runId = output.strip().substring(output.strip().lastIndexOf('\n') + 1).split(" ")[1];
      long completedStages = journal(runId).stream().filter(e -> e instanceof Event.StageCompleted).count();
      assertEquals(3, completedStages);
    } finally {
      System.clearProperty("pekko.stream.materializer.stream-ref.subscription-timeout");
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void anInvalidFileExitsWithTwoBeforeAnythingRuns() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new Main()).execute("run", "src/test/resources/specs/invalid/unknown-teacher.yaml",
          "--home", home.toString());
      assertEquals(2, code);
    } finally {
      System.setErr(saved);
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown stage 'rf0'"));
    assertTrue(!home.resolve("reflow.mv.db").toFile().exists(), "nothing may be written for an invalid file");
  }


  private List<Event> journal(String runId) throws Exception {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      return system.readJournal().currentEventsByPersistenceId("experiment|" + runId, 0, Long.MAX_VALUE)
          .map(EventEnvelope::event).map(Event.class::cast)
          .runWith(Sink.seq(), system.actorSystem()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
