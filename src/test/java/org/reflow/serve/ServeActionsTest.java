package org.reflow.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.cli.Cli;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunLock;
import org.reflow.experiment.StageRecord;

/**
 * The dashboard's actions on a real home: a YAML of the home's experiments folder launched through
 * {@code POST /api/runs} runs in a process of its own; a running run cancelled through the API
 * records its cancellation, and resumed through the API ends in the same final checkpoints, byte
 * for byte, as the same experiment run straight through. And who may act: the token in the header,
 * from this origin, with a JSON body, naming only files of the experiments folder.
 */
@Timeout(900)
class ServeActionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "a-token-of-thirty-two-characters";
  private static final String SPEC = "src/test/resources/specs/valid/two-stage-quick.yaml";
  /** Two stages of 3,000 steps: long enough to be caught training. */
  private static final List<String> LONG = List.of("defaults.train.steps=3000", "defaults.train.checkpoint_every=100",
      "evaluation.every=3000");
  private static final Duration WAIT = Duration.ofMinutes(5);

  @TempDir static Path home;
  private static Dashboard dashboard;
  private static ServeClient client;
  /** The LONG experiment run straight through, in this JVM: the bytes a cancelled and resumed run must end in. */
  private static RunHistory uninterrupted;

  @BeforeAll
  static void aHomeWithExperimentsAndTheDashboardWithAToken() throws Exception {
    Files.createDirectories(home.resolve("experiments"));
    Files.copy(Path.of(SPEC), home.resolve("experiments/two-stage-quick.yaml"));
    Files.writeString(home.resolve("experiments/broken.yaml"), "experiment: broken\nstages: {}\n");
    Files.writeString(home.resolve("outside.yaml"), Files.readString(Path.of(SPEC)));
    Files.createSymbolicLink(home.resolve("experiments/linked.yaml"), home.resolve("outside.yaml"));
    List<String> args = new ArrayList<>(List.of("run", SPEC, "--home", home.toString()));
    LONG.forEach(set -> args.addAll(List.of("--set", set)));
    uninterrupted = Cli.history(home, Cli.runId(Cli.expect(0, args.toArray(String[]::new))));
    dashboard = Dashboard.start(ConfigFactory.parseMap(Map.of("reflow.home", home.toString())),
        ServeSettings.of("127.0.0.1", 0, TOKEN));
    client = new ServeClient(dashboard);
  }

  @AfterAll
  static void stop() {
    dashboard.close();
  }

  @Test
  void aLaunchedExperimentRunsInItsOwnProcessAndTheApiFollowsItToTheEnd() throws Exception {
    JsonNode listed = json(client.get("/api/experiments", "Authorization", "Bearer " + TOKEN), 200);
    assertEquals(List.of("broken.yaml", "linked.yaml", "two-stage-quick.yaml"),
        JSON.convertValue(listed.get("experiments"), List.class));

    HttpResponse<String> launched = act("/api/runs", "{\"experiment\": \"two-stage-quick.yaml\", \"set\": {\"seed\": 9}}");
    JsonNode started = json(launched, 202);
    String id = started.get("runId").asText();
    assertEquals("/api/runs/" + id, launched.headers().firstValue("Location").orElseThrow());
    assertEquals(home.resolve("logs").resolve(id + ".out").toString(), started.get("log").asText());
    JsonNode done = await(id, run -> run.get("status").asText().equals("completed"));
    assertEquals(9, done.get("seed").asInt(), "the override reached the run");
    String output = awaitOutput(id, "run " + id + " completed");
    assertTrue(output.startsWith("run " + id + ": "), output);
    awaitEnd(id);
  }

  @Test
  void aRunCancelledThroughTheApiIsResumedThroughItToTheBytesOfAnUninterruptedRun() throws Exception {
    String body = "{\"experiment\": \"two-stage-quick.yaml\", \"set\": {"
        + String.join(", ", LONG.stream().map(s -> "\"" + s.replace("=", "\": ")).toList()) + "}}";
    String id = json(act("/api/runs", body), 202).get("runId").asText();
    await(id, run -> run.at("/stages/0/checkpoints").size() > 0);
    JsonNode cancel = json(act("/api/runs/" + id + "/cancel", "{}"), 202);
    assertEquals("requested", cancel.get("cancel").asText());
    await(id, run -> run.get("status").asText().equals("cancelled"));
    awaitOutput(id, "run " + id + " cancelled");
    awaitEnd(id);
    assertTrue(json(act("/api/runs/" + id + "/cancel", "{}"), 409).get("error").asText().contains("it was cancelled"));

    assertEquals(id, json(act("/api/runs/" + id + "/resume", "{}"), 202).get("runId").asText());
    await(id, run -> run.get("status").asText().equals("completed"));
    awaitOutput(id, "run " + id + " completed"); // its report is written after the journal says so
    awaitEnd(id);
    RunHistory resumed = Cli.history(home, id);
    assertTrue(resumed.events().stream().anyMatch(e -> e instanceof Event.ExperimentCancelled));
    for (String stage : uninterrupted.stages().keySet()) {
      StageRecord want = uninterrupted.stages().get(stage);
      StageRecord got = resumed.stages().get(stage);
      assertEquals(want.checkpoint(want.finalCheckpoint().orElseThrow()).orElseThrow().sha256(),
          got.checkpoint(got.finalCheckpoint().orElseThrow()).orElseThrow().sha256(), "the final checkpoint of " + stage);
    }
    assertTrue(json(act("/api/runs/" + id + "/resume", "{}"), 409).get("error").asText().contains("nothing to resume"));
  }

  @Test
  void actionsNeedTheTokenInTheHeaderFromThisOriginWithAJsonBody() throws Exception {
    String launch = "{\"experiment\": \"two-stage-quick.yaml\"}";
    assertTrue(json(client.post("/api/runs", launch, "Content-Type", "application/json"), 401).get("error").asText()
        .contains("needs its token"));
    String cookie = Access.COOKIE + "=" + TOKEN;
    assertTrue(json(client.post("/api/runs", launch, "Content-Type", "application/json", "Cookie", cookie), 401)
        .get("error").asText().contains("a cookie is not enough"), "a cookie rides along with any site's form: not for actions");
    json(client.post("/api/runs", launch, "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN + "x"), 401);
    String origin = "http://127.0.0.1:" + dashboard.port();
    assertTrue(json(client.post("/api/runs", launch, "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN,
        "Origin", "https://elsewhere.example"), 403).get("error").asText().contains("another origin"));
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      json(client.post("/api/runs", launch, "Content-Type", type, "Authorization", "Bearer " + TOKEN, "Origin", origin), 415);
    }
    for (String name : List.of("../outside.yaml", "/etc/passwd", home.resolve("outside.yaml").toString(), "sub/x.yaml",
        "..", "x.txt", ".hidden.yaml")) {
      JsonNode refused = json(act("/api/runs", "{\"experiment\": \"" + name + "\"}"), 400);
      assertTrue(refused.get("error").asText().contains("is not an experiment name"), refused.toString());
    }
    assertTrue(json(act("/api/runs", "{\"experiment\": \"linked.yaml\"}"), 404).get("error").asText()
        .contains("no experiment 'linked.yaml'"), "a link out of the folder is not followed");
    json(act("/api/runs", "{\"experiment\": \"nope.yaml\"}"), 404);
    json(act("/api/runs", "{\"experiment\": \"two-stage-quick.yaml\", \"path\": \"/etc\"}"), 400);
    json(act("/api/runs", "{\"experiment\": \"two-stage-quick.yaml\", \"set\": {\"--home\": \"/tmp\"}}"), 400);
    json(act("/api/runs", "[\"two-stage-quick.yaml\"]"), 400);
    assertTrue(json(act("/api/runs", "{\"experiment\": \"broken.yaml\"}"), 422).get("error").asText()
        .contains("reflow run broken.yaml ended (exit 2) before it recorded a run"), "the spec's problems, as run prints them");
    try (var logs = Files.list(home.resolve("logs"))) {
      assertTrue(logs.noneMatch(f -> f.getFileName().toString().startsWith("launch-")), "a refused launch leaves no output file");
    }
    String done = uninterrupted.run().orElseThrow().runId();
    assertTrue(json(act("/api/runs/" + done + "/cancel", "{}"), 409).get("error").asText().contains("it has completed"));
    json(act("/api/runs/20990101-000000-0000/cancel", "{}"), 404);
    json(act("/api/runs/..%2Fx/resume", "{}"), 400);
    json(act("/api/runs/" + done + "/delete", "{}"), 404);
  }

  /** An action as the dashboard's own page sends it. */
  private static HttpResponse<String> act(String path, String body) throws Exception {
    return client.post(path, body, "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN,
        "Origin", "http://127.0.0.1:" + dashboard.port());
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    return JSON.readTree(response.body());
  }

  /** Polls {@code GET /api/runs/RUN} until {@code until} holds; fails after {@link #WAIT}. */
  private static JsonNode await(String id, Predicate<JsonNode> until) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode run = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = client.get("/api/runs/" + id, "Authorization", "Bearer " + TOKEN);
      if (response.statusCode() == 200 && until.test(run = JSON.readTree(response.body()))) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + id + " never got there within " + WAIT + "; last seen: " + run + "\noutput:\n"
        + client.get("/api/runs/" + id + "/output", "Authorization", "Bearer " + TOKEN).body());
  }

  /** Waits for the run's process to let the run go (it prints its last line, then releases the run's lock). */
  private static void awaitEnd(String id) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (RunLock.isHeld(home, id)) {
      assertTrue(System.nanoTime() < deadline, "the process of run " + id + " did not end");
      Thread.sleep(100);
    }
  }

  /** Polls the run's output (its processes end after the journal says so) until it holds {@code line}. */
  private static String awaitOutput(String id, String line) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String output = "";
    while (System.nanoTime() < deadline) {
      output = client.get("/api/runs/" + id + "/output", "Authorization", "Bearer " + TOKEN).body();
      if (output.contains(line + "\n")) {
        return output;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the output of run " + id + " never said '" + line + "':\n" + output);
  }
}
