package org.reflow.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.bench.SyntheticHome;
import org.reflow.cli.Cli;
import org.reflow.experiment.ReflowSystem;

/**
 * The dashboard's JSON API on a real home — a real run of the CLI and two synthetic runs written
 * through the Experiment actor into the H2 journal — against what the CLI prints for the same home.
 */
@Timeout(300)
class ServeApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = "src/test/resources/specs/valid/two-stage-quick.yaml";

  @TempDir static Path home;
  private static String run;
  private static String runsJson;
  private static String showJson;
  private static String lineageJson;
  private static String descendantsJson;
  private static String openLineage;
  private static Dashboard dashboard;
  private static ServeClient client;

  @BeforeAll
  static void aHomeWithRunsAndTheCliAnswers() throws Exception {
    Config config = ConfigFactory.parseMap(Map.of("reflow.home", home.toString()));
    try (ReflowSystem<SpawnProtocol.Command> system = ReflowSystem.start(SpawnProtocol.create(), config)) {
      SyntheticHome.write(system, 0, 2, 2);
    }
    run = Cli.runId(Cli.expect(0, "run", SPEC, "--home", home.toString()));
    String h = home.toString();
    runsJson = Cli.expect(0, "runs", "--json", "--home", h);
    showJson = Cli.expect(0, "show", run, "--json", "--home", h);
    lineageJson = Cli.expect(0, "lineage", run + "/rf2", "--format", "json", "--home", h);
    descendantsJson = Cli.expect(0, "lineage", "bench-0000/rf1@500", "--descendants", "--format", "json", "--home", h);
    openLineage = Cli.expect(0, "lineage", run + "/rf2", "--format", "openlineage", "--home", h);
    dashboard = Dashboard.start(config, ServeSettings.of("127.0.0.1", 0, null));
    client = new ServeClient(dashboard);
  }

  @AfterAll
  static void stop() {
    dashboard.close();
  }

  @Test
  void theApiAnswersWithExactlyTheDocumentsOfTheCli() throws Exception {
    assertEquals(JSON.readTree(runsJson), json("/api/runs", 200));
    assertEquals(JSON.readTree(showJson), json("/api/runs/" + run, 200));
    assertEquals(JSON.readTree(lineageJson), json("/api/lineage/" + run + "/rf2", 200));
    assertEquals(JSON.readTree(descendantsJson), json("/api/lineage/bench-0000/rf1%40500?descendants=true", 200));
    HttpResponse<String> events = client.get("/api/lineage/" + run + "/rf2?format=openlineage");
    assertEquals(200, events.statusCode(), events.body());
    assertEquals(lines(openLineage), lines(events.body()));
  }

  @Test
  void theRunsTableIsPagedFilteredAndSorted() throws Exception {
    JsonNode page = json("/api/runs/page?sort=id&order=asc&offset=2&limit=1", 200);
    assertEquals(3, page.get("total").asInt());
    assertEquals("bench-0001", page.at("/rows/0/id").asText(), "ids sort as text: " + run + ", bench-0000, bench-0001");
    JsonNode filtered = json("/api/runs/page?q=two-stage&status=completed", 200);
    assertEquals(1, filtered.get("matched").asInt());
    assertEquals(run, filtered.at("/rows/0/id").asText());
  }

  @Test
  void anArtifactIsServedByCheckpointIdWithItsSha256() throws Exception {
    JsonNode show = JSON.readTree(showJson);
    String checkpoint = show.at("/stages/1/finalCheckpoint/id").asText();
    String sha256 = show.at("/stages/1/finalCheckpoint/sha256").asText();
    HttpResponse<byte[]> download = client.bytes("/api/artifacts/" + checkpoint);
    assertEquals(200, download.statusCode());
    assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())));
    assertEquals(sha256, download.headers().firstValue("X-Reflow-SHA256").orElseThrow());
    assertEquals(200, client.bytes("/api/artifacts/" + sha256).statusCode());
  }

  @Test
  void aReconnectingBrowserGetsTheEventsAfterItsLastEventId() throws Exception {
    int recorded = Cli.history(home, run).events().size();
    List<String> ids = new ArrayList<>();
    List<String> types = new ArrayList<>();
    HttpResponse<InputStream> stream = client.stream("/api/runs/" + run + "/events", "Last-Event-ID", "5");
    assertEquals(200, stream.statusCode());
    assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElseThrow());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      while (types.size() < recorded - 5) {
        String line = lines.readLine();
        if (line.startsWith("id: ")) {
          ids.add(line.substring(4));
        } else if (line.startsWith("data: ")) {
          types.add(JSON.readTree(line.substring(6)).get("type").asText());
        }
      }
    }
    assertEquals("6", ids.get(0), "the first event after Last-Event-ID 5");
    assertEquals(String.valueOf(recorded), ids.get(ids.size() - 1));
    assertEquals("ExperimentCompleted", types.get(types.size() - 1));
  }

  @Test
  void aLongLossCurveIsThinnedOnTheServer() throws Exception {
    JsonNode loss = json("/api/runs/bench-0000/loss?points=10", 200);
    JsonNode rf1 = loss.at("/stages/0");
    assertEquals(2500, rf1.get("steps").asInt());
    assertTrue(rf1.get("x").size() <= 22, rf1.toString());
    assertEquals(JSON.readTree(showJson).at("/stages").size(), json("/api/runs/" + run + "/loss", 200).get("stages").size());
  }

  @Test
  void unknownIdsTraversalAndBadParametersAreRefusedWithJsonErrors() throws Exception {
    assertTrue(json("/api/runs/no-such-run", 404).get("error").asText().contains("no run 'no-such-run'"));
    assertTrue(json("/api/runs/..%2F..%2Fetc", 400).get("error").asText().contains("is not a run id"));
    assertTrue(json("/api/artifacts/..%2F..%2Freflow.mv.db", 400).get("error").asText().contains("SHA-256"));
    assertTrue(json("/api/artifacts/ck-0000000000000000", 404).get("error").asText().contains("no checkpoint"));
    assertTrue(json("/runs/..%2Freflow.mv.db/report.html", 400).get("error").asText().contains("is not a run id"));
    assertTrue(json("/api/lineage/..%2F..%2Fx/rf1", 400).get("error").asText().contains("is not a run id"));
    assertTrue(json("/api/lineage/ck-ffffffffffffffff", 404).get("error").asText().contains("no checkpoint, coupling or classifier"));
    assertTrue(json("/api/lineage/fc-ffffffffffffffff", 404).get("error").asText().contains("no checkpoint, coupling or classifier"));
    assertTrue(json("/api/lineage/fc-..%2Fx", 400).get("error").asText().contains("is not a feature classifier id"));
    assertTrue(json("/api/runs/page?limit=100000", 400).get("error").asText().contains("limit"));
    assertTrue(json("/api/runs/page?sort=password", 400).get("error").asText().contains("sort"));
    assertTrue(json("/api/runs?x=1", 400).get("error").asText().contains("unknown query parameter x"));
    assertTrue(json("/api/runs/" + run + "/events?after=-1", 400).get("error").asText().contains("after"));
    HttpResponse<String> action = client.post("/api/runs");
    assertEquals(403, action.statusCode(), "actions need a token, on loopback too");
    assertTrue(action.body().contains("restart with 'reflow serve --token'"), action.body());
    String raw = client.raw("/assets/../../../etc/passwd", "127.0.0.1");
    assertTrue(raw.startsWith("HTTP/1.1 4"), raw);
    assertTrue(!raw.contains("root:"), raw);
  }

  private static JsonNode json(String path, int status) throws Exception {
    HttpResponse<String> response = client.get(path);
    assertEquals(status, response.statusCode(), path + ": " + response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow(), path);
    return JSON.readTree(response.body());
  }

  private static List<JsonNode> lines(String ndjson) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : ndjson.strip().split("\n")) {
      out.add(JSON.readTree(line));
    }
    return out;
  }
}
