package org.reflow.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The OpenLineage export, checked against the RunEvent schema's requirements (spec 2-0-2) field by field. */
class OpenLineageEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAMESPACE = "reflow:///tmp/home";

  @Test
  void eachAttemptOfEachStageIsAStartAndAnEndWithItsDatasetsAndHashes() throws Exception {
    Runs runs = Runs.of(Histories.resumedTwice());
    List<JsonNode> events = export(runs, Lineage.upstream(runs, "run-r", "ck-r-4"));
    List<String> seen = new ArrayList<>();
    Set<String> artifactFacets = new TreeSet<>();
    Map<String, List<String>> runIds = new LinkedHashMap<>();
    for (JsonNode e : events) {
      assertTrue(List.of("START", "COMPLETE", "FAIL", "ABORT").contains(e.get("eventType").asText()), e.toString());
      Instant.parse(e.get("eventTime").asText());
      UUID.fromString(e.get("run").get("runId").asText());
      assertEquals(NAMESPACE, e.get("job").get("namespace").asText());
      assertEquals(OpenLineageEvents.PRODUCER, e.get("producer").asText());
      assertEquals("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", e.get("schemaURL").asText());
      assertTrue(e.get("inputs").isArray() && e.get("outputs").isArray());
      for (JsonNode d : List.of(e.get("inputs"), e.get("outputs"))) {
        d.forEach(dataset -> {
          assertEquals(NAMESPACE, dataset.get("namespace").asText());
          String name = dataset.get("name").asText();
          JsonNode facet = dataset.path("facets").path("reflow_artifact");
          if (name.startsWith("data:")) {
            assertTrue(facet.isMissingNode(), "a data source is named, not hashed: " + dataset);
          } else {
            // every checkpoint and coupling carries its artifact facet, with the producer and schema OpenLineage requires
            assertTrue(name.startsWith("ck-") || name.startsWith("cp-"), name);
            assertEquals(OpenLineageEvents.PRODUCER, facet.path("_producer").asText(), dataset.toString());
            assertEquals(OpenLineageEvents.FACETS_SCHEMA + "#/$defs/ReflowArtifactDatasetFacet", facet.path("_schemaURL").asText());
            assertEquals(name.startsWith("ck-") ? "checkpoint" : "coupling", facet.path("kind").asText(), dataset.toString());
            artifactFacets.add(name);
          }
        });
      }
      JsonNode attempt = e.get("run").get("facets").get("reflow_attempt");
      assertEquals(OpenLineageEvents.PRODUCER, attempt.path("_producer").asText());
      String key = e.get("job").get("name").asText() + "#" + attempt.get("attempt").asInt();
      seen.add(key + " " + e.get("eventType").asText());
      runIds.computeIfAbsent(key, k -> new ArrayList<>()).add(e.get("run").get("runId").asText());
    }
    assertTrue(artifactFacets.containsAll(List.of("ck-r-2", "ck-r-4", "cp-run-r-rf2")), "artifact facets checked: " + artifactFacets);
    for (List<String> ids : runIds.values()) {
      assertEquals(List.of(ids.get(0), ids.get(0)), ids, "an attempt's START and its end share one run id");
    }
    assertEquals(runIds.size(), runIds.values().stream().map(ids -> ids.get(0)).distinct().count(), "one run id per attempt");
    assertEquals(List.of("chain.rf1#1 START", "chain.rf1#1 COMPLETE", "chain.rf2#1 START", "chain.rf2#1 ABORT",
        "chain.rf2#2 START", "chain.rf2#2 FAIL", "chain.rf2#3 START", "chain.rf2#3 COMPLETE"), seen);

    JsonNode restarted = events.get(4);
    assertEquals(OpenLineageEvents.runId("run-r", "rf2", 2).toString(), restarted.get("run").get("runId").asText());
    assertEquals(1, restarted.get("run").get("facets").get("reflow_attempt").get("resumption").asInt());
    assertTrue(names(restarted.get("inputs")).contains("ck-r-2"), "attempt 2 continues from step 2's checkpoint");
    JsonNode completed = events.get(7);
    assertEquals(List.of("ck-r-4"), names(completed.get("outputs")));
    assertEquals("sha-ck-r-4", completed.get("outputs").get(0).get("facets").get("reflow_artifact").get("sha256").asText());
    JsonNode firstEnd = events.get(3);
    assertEquals(List.of("cp-run-r-rf2", "ck-r-1", "ck-r-2"), names(firstEnd.get("outputs")));
    assertEquals(List.of("shard-rf2"), JSON.convertValue(
        firstEnd.get("outputs").get(0).get("facets").get("reflow_artifact").get("shardSha256s"), List.class));
  }

  @Test
  void theRunIdIsAStableNameBasedUuidPerAttempt() throws Exception {
    // two exports of the same history, each from its own read of it, give every event the same run id
    Runs once = Runs.of(Histories.resumedTwice());
    Runs again = Runs.of(Histories.resumedTwice());
    List<String> first = runIds(export(once, Lineage.upstream(once, "run-r", "ck-r-4")));
    List<String> second = runIds(export(again, Lineage.upstream(again, "run-r", "ck-r-4")));
    assertEquals(8, first.size());
    assertEquals(first, second, "re-exporting gives the same run ids");
    // name-based (version 3), so a third party can derive it from the run, stage and attempt alone
    assertEquals(UUID.nameUUIDFromBytes("reflow run-r/rf2#2".getBytes(StandardCharsets.UTF_8)).toString(), first.get(4));
    for (String id : first) {
      assertEquals(3, UUID.fromString(id).version(), id);
    }
    assertNotEquals(OpenLineageEvents.runId("r", "s", 1), OpenLineageEvents.runId("r", "s", 2));
    assertNotEquals(OpenLineageEvents.runId("r", "s", 1), OpenLineageEvents.runId("r", "t", 1));
    assertNotEquals(OpenLineageEvents.runId("r", "s", 1), OpenLineageEvents.runId("q", "s", 1));
  }

  private static List<JsonNode> export(Runs runs, LineageNode lineage) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (Map<String, Object> e : OpenLineageEvents.of(runs, lineage, NAMESPACE)) {
      String line = JSON.writeValueAsString(e);
      assertTrue(!line.contains("\n"), "one object a line");
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static List<String> runIds(List<JsonNode> events) {
    return events.stream().map(e -> e.get("run").get("runId").asText()).toList();
  }

  private static List<String> names(JsonNode datasets) {
    List<String> names = new ArrayList<>();
    datasets.forEach(d -> names.add(d.get("name").asText()));
    return names;
  }
}
