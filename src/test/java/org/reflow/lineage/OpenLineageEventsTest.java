package org.reflow.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
          assertTrue(dataset.get("name").asText().length() > 0);
          JsonNode facet = dataset.path("facets").path("reflow_artifact");
          if (!facet.isMissingNode()) {
            assertEquals(OpenLineageEvents.PRODUCER, facet.get("_producer").asText());
            assertTrue(facet.get("_schemaURL").asText().contains("#/$defs/"));
          }
        });
      }
      JsonNode attempt = e.get("run").get("facets").get("reflow_attempt");
      seen.add(e.get("job").get("name").asText() + "#" + attempt.get("attempt").asInt() + " " + e.get("eventType").asText());
    }
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
  void theRunIdIsAStableNameBasedUuidPerAttempt() {
    assertEquals(OpenLineageEvents.runId("r", "s", 1), OpenLineageEvents.runId("r", "s", 1));
    assertTrue(!OpenLineageEvents.runId("r", "s", 1).equals(OpenLineageEvents.runId("r", "s", 2)));
    assertEquals(3, OpenLineageEvents.runId("r", "s", 1).version());
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

  private static List<String> names(JsonNode datasets) {
    List<String> names = new ArrayList<>();
    datasets.forEach(d -> names.add(d.get("name").asText()));
    return names;
  }
}
