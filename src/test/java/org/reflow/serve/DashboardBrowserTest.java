package org.reflow.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.cli.Cli;
import org.reflow.cli.Main;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.RunLock;
import org.reflow.report.HeadlessChromium;

/**
 * The dashboard's pages in headless Chromium, served from a real home: the run page's loss curve
 * grows while a run in another process trains, without a reload; the runs, compare and lineage
 * pages render with no error in the console; opened with the token, the runs page launches an
 * experiment and the run page offers resume and cancel. Screenshots: target/serve-screenshots/.
 */
@Timeout(600)
class DashboardBrowserTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = "src/test/resources/specs/valid/two-stage-quick.yaml";
  private static final Path SCREENSHOTS = Path.of("target", "serve-screenshots");
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir static Path home;
  private static String first;
  private static String second;
  private static Dashboard dashboard;
  private static ServeClient client;

  @BeforeAll
  static void twoRunsAndTheDashboard() {
    first = Cli.runId(Cli.expect(0, "run", SPEC, "--home", home.toString()));
    second = Cli.runId(Cli.expect(0, "run", SPEC, "--home", home.toString(), "--set", "seed=4", "--set", "defaults.train.lr=1.0e-2"));
    dashboard = Dashboard.start(ConfigFactory.parseMap(Map.of("reflow.home", home.toString())), ServeSettings.of("127.0.0.1", 0, null));
    client = new ServeClient(dashboard);
  }

  @AfterAll
  static void stop() {
    dashboard.close();
  }

  @Test
  void theRunPagesLossCurveGainsPointsWhileTheRunTrainsWithoutAReload() throws Exception {
    try (ChildProcess run = ChildProcess.java(Main.class, List.of("run", SPEC, "--home", home.toString(),
        "--set", "defaults.train.steps=30000", "--set", "defaults.train.checkpoint_every=500", "--set", "evaluation.every=30000"),
        true, Map.of())) {
      String id = Cli.runId(run.awaitLine(line -> line.matches("run \\S+: .*"), WAIT));
      awaitCheckpoint(id);
      try (HeadlessChromium.Tab tab = HeadlessChromium.Tab.open(page("/runs/" + id))) {
        tab.evaluate("window.sameDocument = true");
        int before = await(tab, "window.reflow && window.reflow.lossPoints() > 0 && window.reflow.lossPoints()");
        int after = await(tab, "window.reflow.lossPoints() > " + before + " && window.reflow.lossPoints()");
        assertTrue(after > before);
        assertTrue(tab.evaluate("window.sameDocument === true && performance.getEntriesByType('navigation').length === 1").asBoolean(),
            "the page was not reloaded");
        assertEquals("live", tab.evaluate("document.getElementById('live').textContent").asText());
        tab.screenshot(SCREENSHOTS.resolve("run-live.png"));
        assertEquals(List.of(), tab.errors());
      }
      run.awaitExit(0, Duration.ofMinutes(5));
    }
  }

  @Test
  void theRunsCompareAndLineagePagesRenderWithoutConsoleErrors() throws Exception {
    String teacher = JSON.readTree(client.get("/api/runs/" + first).body()).at("/stages/0/finalCheckpoint/id").asText();
    Map<String, String> pages = Map.of(
        "runs", "/",
        "run", "/runs/" + first,
        "compare", "/compare?runs=" + first + "," + second,
        "lineage", "/lineage?id=" + first + "/rf2&descendants=false",
        "descendants", "/lineage?id=" + teacher + "&descendants=true");
    Map<String, String> rendered = Map.of(
        "runs", "document.querySelectorAll('#runs tbody tr').length >= 2",
        "run", "document.querySelectorAll('#metrics tbody tr').length > 0 && document.querySelector('#loss canvas') !== null"
            + " && document.getElementById('lineage-svg').complete && document.getElementById('lineage-svg').naturalWidth > 0",
        "compare", "document.querySelectorAll('#spec tbody tr.diff').length > 0 && document.querySelectorAll('#metrics tbody tr').length > 0"
            + " && document.querySelector('#loss canvas') !== null",
        "lineage", "document.querySelectorAll('#tree li').length > 3",
        "descendants", "document.querySelectorAll('#tree li').length > 1");
    for (var entry : pages.entrySet()) {
      try (HeadlessChromium.Tab tab = HeadlessChromium.Tab.open(page(entry.getValue()))) {
        await(tab, rendered.get(entry.getKey()) + " && 1");
        tab.screenshot(SCREENSHOTS.resolve(entry.getKey() + ".png"));
        assertEquals(List.of(), tab.errors(), entry.getKey());
      }
    }
  }

  @Test
  void openedWithTheTokenTheRunsPageLaunchesAnExperimentAndTheRunPageOffersResumeAndCancel() throws Exception {
    String token = "a-token-of-thirty-two-characters";
    Files.createDirectories(home.resolve("experiments"));
    Files.copy(Path.of(SPEC), home.resolve("experiments/two-stage-quick.yaml"), StandardCopyOption.REPLACE_EXISTING);
    String launched;
    try (Dashboard acting = Dashboard.start(ConfigFactory.parseMap(Map.of("reflow.home", home.toString())),
            ServeSettings.of("127.0.0.1", 0, token));
        HeadlessChromium.Tab tab = HeadlessChromium.Tab.open(URI.create("http://127.0.0.1:" + acting.port() + "/?access=" + token))) {
      await(tab, "!document.getElementById('launch').hidden && document.querySelectorAll('#experiment option').length");
      assertEquals("", tab.evaluate("location.hash").asText(), "the token left the address bar");
      tab.evaluate("document.getElementById('overrides').value = 'seed=11'; document.querySelector('#launch button').click(); 1");
      await(tab, "document.getElementById('launched').textContent !== 'starting…' && 1");
      assertEquals(1, tab.evaluate("document.querySelectorAll('#launched a').length").asInt(),
          tab.evaluate("document.getElementById('launched').textContent").asText());
      launched = tab.evaluate("document.querySelector('#launched a').textContent").asText();
      tab.screenshot(SCREENSHOTS.resolve("runs-with-token.png"));
      tab.evaluate("location.href = '/runs/" + launched + "'; 1"); // the same tab keeps the token for its pages
      await(tab, "(document.getElementById('actions') || {}).hidden === false && document.querySelectorAll('#stages tbody tr').length");
      tab.screenshot(SCREENSHOTS.resolve("run-with-token.png"));
      assertEquals(List.of(), tab.errors());
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (RunLock.isHeld(home, launched) || !Cli.history(home, launched).status().equals("completed")) {
      assertTrue(System.nanoTime() < deadline, "the run launched from the page did not complete");
      Thread.sleep(500);
    }
    assertEquals(11, Cli.history(home, launched).run().orElseThrow().seed(), "the page's override reached the run");
  }

  private static URI page(String path) {
    return URI.create("http://127.0.0.1:" + dashboard.port() + path);
  }

  /** Waits until the run's first stage has a checkpoint in the journal (the run page then has a curve to draw). */
  private static void awaitCheckpoint(String id) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      var response = client.get("/api/runs/" + id);
      if (response.statusCode() == 200 && JSON.readTree(response.body()).at("/stages/0/checkpoints").size() > 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + id + " saved no checkpoint within " + WAIT);
  }

  /** Polls a JavaScript expression until it is a number (or true, as 1); fails after a few minutes. */
  private static int await(HeadlessChromium.Tab tab, String expression) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode value = tab.evaluate(expression);
      if (value.isNumber() && value.asInt() > 0) {
        return value.asInt();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the page never showed " + expression + "; errors: " + tab.errors());
  }
}
