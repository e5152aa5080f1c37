package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.data.IdxFiles;
import org.reflow.store.ArtifactStore;

/**
 * The feature classifier's lineage through the CLI on a real home: a tiny image chain (noise to
 * Fashion-MNIST-shaped images made in the test) run twice, so the home trains its classifier once
 * and both runs' image metrics name it.
 */
class ClassifierLineageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static String home;
  private static String first;
  private static String second;

  @BeforeAll
  static void twoImageRuns() throws Exception {
    Path images = IdxFiles.bandsFolder(dir.resolve("fm"), 100);
    Path spec = Files.writeString(dir.resolve("tiny-images.yaml"), """
        experiment: tiny-images
        seed: 3
        data:
          source: {gaussian: {dim: 784}}
          target: {fashion-mnist: {split: train, folder: %s}}
        model: {hidden: [32], activation: silu, time: "sinusoidal:4"}
        defaults:
          train: {steps: 20, batch: 16, lr: 1.0e-3, checkpoint_every: 20}
        stages:
          rf1: {kind: rectify}
          rf2: {kind: reflow, teacher: rf1, init: rf1, pairs: {count: 64, solver: "euler:2", shard: 32}}
        evaluation: {every: 20, samples: 40, solvers: ["euler:1"]}
        """.formatted(images));
    home = dir.resolve("home").toString();
    first = Cli.runId(Cli.expect(0, "run", spec.toString(), "--home", home));
    second = Cli.runId(Cli.expect(0, "run", spec.toString(), "--home", home));
  }

  @Test
  void anImageStagesLineageShowsTheClassifierItsMetricsWereMeasuredWith() throws Exception {
    String tree = Cli.expect(0, "lineage", first + "/rf2", "--home", home);
    assertTrue(tree.contains("├─ measured by: classifier fc-"), tree);
    assertTrue(tree.contains("FD[euler:1]="), tree);

    JsonNode root = JSON.readTree(Cli.expect(0, "lineage", first + "/rf2", "--format", "json", "--home", home));
    JsonNode classifier = classifierInput(root);
    JsonNode facts = classifier.get("facts");
    assertTrue(ArtifactStore.open(Path.of(home)).isIntact(facts.get("sha256").asText()), "the artifact it names is in the store");
    assertEquals("fc-" + facts.get("sha256").asText().substring(0, 16), classifier.get("id").asText());
    assertEquals("train", facts.get("recipe").get("split").asText());
    assertEquals("2000", facts.get("recipe").get("steps").asText());
    assertTrue(facts.get("recipe").get("architecture").asText().startsWith("mlp 784-256-128-10"), facts.toString());
    double accuracy = facts.get("testAccuracy").asDouble();
    assertTrue(accuracy > 0.5 && accuracy <= 1, "ten bands are told apart: " + accuracy);
    assertTrue(facts.get("fdFloor").asDouble() < facts.get("fdCeiling").asDouble(), facts.toString());
    assertEquals(4, facts.get("dataSha256").size(), "the four IDX files");

    JsonNode warmStart = root.get("inputs").get(0).get("inputs").get(0);
    assertEquals("warm start", warmStart.get("role").asText());
    assertEquals(classifier.get("id"), classifierInput(warmStart).get("id"), "rf1's metrics were measured by the same classifier");
    JsonNode other = JSON.readTree(Cli.expect(0, "lineage", second + "/rf1", "--format", "json", "--home", home));
    assertEquals(classifier.get("id"), classifierInput(other).get("id"), "the second run reused the home's classifier");
  }

  @Test
  void theClassifiersOwnLineageListsEveryStageWhoseMetricsItMeasured() throws Exception {
    String id = classifierId();
    JsonNode upstream = JSON.readTree(Cli.expect(0, "lineage", id, "--format", "json", "--home", home));
    assertEquals("classifier", upstream.get("kind").asText());
    assertEquals(List.of(first + "/rf1", first + "/rf2", second + "/rf1", second + "/rf2"), texts(upstream.get("facts").get("usedBy")));
    assertTrue(Cli.expect(0, "lineage", id, "--home", home).startsWith("classifier " + id + " (sha256 "));

    JsonNode descendants = JSON.readTree(Cli.expect(0, "lineage", id, "--descendants", "--format", "json", "--home", home));
    List<String> measured = new ArrayList<>();
    descendants.get("outputs").forEach(n -> {
      assertEquals("measured", n.get("role").asText());
      assertTrue(n.get("facts").get("metrics").get("euler:1").has("fd"), n.toString());
      measured.add(n.get("facts").get("run").asText() + "/" + n.get("facts").get("stage").asText());
    });
    assertEquals(texts(upstream.get("facts").get("usedBy")), measured, "the evaluated checkpoint of each stage");
    assertTrue(Cli.expect(0, "lineage", id, "--format", "dot", "--home", home).contains("\"classifier:" + id + "\""));
  }

  @Test
  void openLineageNamesTheClassifierAsAnInputOfTheAttemptsItMeasured() throws Exception {
    String id = classifierId();
    int withClassifier = 0;
    String[] events = Cli.expect(0, "lineage", first + "/rf2", "--format", "openlineage", "--home", home).strip().split("\n");
    for (String line : events) {
      for (JsonNode input : JSON.readTree(line).get("inputs")) {
        if (input.get("name").asText().equals(id)) {
          assertEquals("classifier", input.get("facets").get("reflow_artifact").get("kind").asText());
          withClassifier++;
        }
      }
    }
    assertEquals(events.length, withClassifier, "rf1's and rf2's START and COMPLETE each name it");
    assertEquals(8, Cli.expect(0, "lineage", id, "--format", "openlineage", "--home", home).strip().split("\n").length,
        "a START and a COMPLETE for each of the four stages it measured");
  }

  private static String classifierId() throws Exception {
    return classifierInput(JSON.readTree(Cli.expect(0, "lineage", first + "/rf1", "--format", "json", "--home", home)))
        .get("id").asText();
  }

  private static JsonNode classifierInput(JsonNode checkpoint) {
    for (JsonNode input : checkpoint.get("inputs")) {
      if (input.get("kind").asText().equals("classifier")) {
        assertEquals("measured by", input.get("role").asText());
        return input;
      }
    }
    throw new AssertionError("no classifier among the inputs of " + checkpoint);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
