package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;

/**
 * Replicates and sweeps through the real command line: each replicate is its own copy of the
 * stage graph at its own seed, the summary and {@code show} give means with intervals over them,
 * and a variant that fails stops only itself — the run completes with failures.
 */
class ReplicatesRunTest {

  private static final String SPEC = "src/test/resources/specs/valid/tiny-chain.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void eachReplicateRunsTheWholeChainAtItsOwnSeedAndShowGivesStatisticsOverThem() throws Exception {
    String output = Cli.expect(0, "run", SPEC, "--set", "replicates=2", "--home", home.toString());
    String runId = Cli.runId(output);
    assertTrue(output.contains("over replicates"), output);
    RunHistory history = Cli.history(home, runId);
    assertEquals("completed", history.status());
    assertEquals(List.of("s5/rf1", "s5/rf2", "s5/rf2-distilled", "s6/rf1", "s6/rf2", "s6/rf2-distilled"),
        List.copyOf(history.stages().keySet()));
    assertEquals(List.of("s5/rf1"), history.stages().get("s5/rf2").inputs(), "a replicate's reflow learns from its own teacher");
    assertNotEquals(history.stages().get("s5/rf1").finalCheckpoint(), history.stages().get("s6/rf1").finalCheckpoint(),
        "seed 6 draws other batches, pools and initial weights than seed 5");
    Event.CouplingMaterialized s6 = history.stages().get("s6/rf2").coupling().orElseThrow();
    assertEquals(6, s6.seed(), "replicate s6 generates its pairs with seed 5 + 1");
    assertEquals(history.stages().get("s6/rf1").finalCheckpoint().orElseThrow(), s6.teacherCheckpoint());

    String report = java.nio.file.Files.readString(home.resolve(runId).resolve("report.html"));
    String replicates = report.substring(report.indexOf("<section id=\"replicates\">"));
    assertTrue(replicates.contains("alt=\"final W2 per stage with euler:1: mean, 95% interval (Student t), each seed a dot\""),
        replicates.substring(0, Math.min(2000, replicates.length())));
    assertTrue(replicates.contains("<td class=\"text\">rf2 vs rf1</td>"), "the report's paired-effect table");

    JsonNode shown = JSON.readTree(Cli.expect(0, "show", runId, "--json", "--home", home.toString()));
    assertEquals("s6", shown.get("stages").get(3).get("variant").asText());
    assertEquals("rectify", shown.get("stages").get(3).get("kind").asText());
    JsonNode rf1 = find(shown.get("stats"), "rf1", "euler:1").get("stats").get("w2");
    assertEquals(2, rf1.get("n").asInt());
    double w5 = rf1.get("values").get("5").asDouble();
    double w6 = rf1.get("values").get("6").asDouble();
    assertEquals(finalW2(history, "s5/rf1"), w5, 0);
    assertEquals(finalW2(history, "s6/rf1"), w6, 0);
    assertEquals((w5 + w6) / 2, rf1.get("mean").asDouble(), 1e-12);
    double half = 12.7062047 * Math.abs(w5 - w6) / Math.sqrt(2) / Math.sqrt(2); // t_{0.975,1} · s / √n, s = |a − b| / √2
    assertEquals((w5 + w6) / 2 - half, rf1.get("ci95").get(0).asDouble(), 1e-6 * Math.max(1, half));
    JsonNode ratio = shown.get("effects").findParents("metric").stream()
        .filter(e -> e.get("stage").asText().equals("rf2") && e.get("solver").asText().equals("euler:1")
            && e.get("metric").asText().equals("w2")).findFirst().orElseThrow();
    assertEquals("rf1", ratio.get("teacher").asText());
    assertEquals(finalW2(history, "s5/rf2") / w5, ratio.get("stats").get("values").get("5").asDouble(), 1e-12,
        "the paired effect is 2-RF's W2 over 1-RF's, seed by seed");
    JsonNode compared = JSON.readTree(Cli.expect(0, "compare", runId, runId + "/s6", "--json", "--only-differences",
        "--home", home.toString()));
    assertEquals(List.of(5, 6), JSON.convertValue(compared.get("columns").get(0).get("seeds"), List.class));
    JsonNode w2 = compared.get("metrics").findParents("metric").stream().filter(m -> m.get("stage").asText().equals("rf1")
        && m.get("solver").asText().equals("euler:1") && m.get("metric").asText().equals("w2")).findFirst().orElseThrow();
    assertEquals(rf1.get("mean").asDouble(), w2.get("values").get(0).get("mean").asDouble(), 0, "the run's column pools both seeds");
    assertEquals(w6, w2.get("values").get(1).get("mean").asDouble(), 0, "RUN/s6 is replicate s6 alone");
    assertEquals(1, compared.get("spec").size(), "only the seeds differ: " + compared.get("spec"));
    assertEquals("5, 6", compared.get("spec").get(0).get("values").get(0).asText());
    String unknown = Cli.run("compare", runId + "/s9", "--home", home.toString()).err();
    assertTrue(unknown.contains("has no variant or sweep point 's9'; it has s5, s6"), unknown);
  }

  @Test
  void aVariantThatFailsStopsOnlyItselfAndTheRunCompletesWithFailures() throws Exception {
    Cli.Result result = Cli.run("run", SPEC, "--set", "sweep={stages.rf1.train.lr: [5.0e-3, 1.0e30]}", "--home", home.toString());
    String[] lines = result.out().strip().split("\n");
    assertEquals(1, result.code(), result.out() + result.err());
    assertTrue(lines[lines.length - 1].matches("run \\S+ completed with failures"), result.out());
    assertTrue(result.out().contains("variant lr=1.0e30: stage lr=1.0e30/rf1 failed: "), result.out());
    String runId = lines[lines.length - 1].split(" ")[1];
    RunHistory history = Cli.history(home, runId);
    Map<String, StageRecord> stages = history.stages();
    assertEquals(StageRecord.Status.FAILED, stages.get("lr=1.0e30/rf1").status());
    assertEquals(StageRecord.Status.PENDING, stages.get("lr=1.0e30/rf2").status(), "a failed variant's later stages never start");
    for (String stage : List.of("lr=5.0e-3/rf1", "lr=5.0e-3/rf2", "lr=5.0e-3/rf2-distilled")) {
      assertEquals(StageRecord.Status.COMPLETED, stages.get(stage).status(), stage + " of the sibling variant");
    }
    assertEquals("completed with failures", history.status());
    assertFalse(history.events().stream().anyMatch(e -> e instanceof Event.ExperimentFailed), history.events().toString());
    assertInstanceOf(Event.ExperimentCompleted.class, history.events().get(history.events().size() - 1));
    JsonNode shown = JSON.readTree(Cli.expect(0, "show", runId, "--json", "--home", home.toString()));
    assertEquals("completed with failures", shown.get("status").asText());
    String compared = Cli.expect(0, "compare", runId, "--only-differences", "--home", home.toString());
    assertTrue(compared.matches("(?s).*stages\\.rf1\\.train\\.lr\\s+5\\.0e-3\\s+1\\.0e30\\n.*"), compared);
    assertTrue(compared.contains(runId + "/lr=5.0e-3 (n=1)"), compared);

    // resume runs the failed variant again (here it fails again); the completed one is kept
    Cli.Result resumed = Cli.run("resume", runId, "--home", home.toString());
    assertEquals(1, resumed.code(), resumed.out() + resumed.err());
    assertTrue(resumed.out().strip().endsWith("run " + runId + " completed with failures"), resumed.out());
    RunHistory again = Cli.history(home, runId);
    Event.ExperimentResumed resumption = again.events().stream().filter(e -> e instanceof Event.ExperimentResumed)
        .map(Event.ExperimentResumed.class::cast).findFirst().orElseThrow();
    assertEquals(List.of("lr=5.0e-3/rf1", "lr=5.0e-3/rf2", "lr=5.0e-3/rf2-distilled"), resumption.keptStages());
    assertEquals(2, again.stages().get("lr=1.0e30/rf1").attempt());
  }

  private static JsonNode find(JsonNode stats, String stage, String solver) {
    for (JsonNode s : stats) {
      if (s.get("stage").asText().equals(stage) && s.get("solver").asText().equals(solver)) {
        return s;
      }
    }
    throw new AssertionError("no stats for " + stage + " at " + solver + " in " + stats);
  }

  private static double finalW2(RunHistory history, String stage) {
    String last = history.stages().get(stage).finalCheckpoint().orElseThrow();
    return history.metrics(stage).stream().filter(m -> m.checkpointId().equals(last) && m.solver().equals("euler:1"))
        .findFirst().orElseThrow().values().get("w2");
  }
}
