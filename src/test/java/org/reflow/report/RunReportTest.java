package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.cli.Main;
import org.reflow.cli.Cli;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import picocli.CommandLine;

/**
 * The report of a real small run (the three-stage tiny chain, through the command line): written
 * beside the run, every section there, every image a real picture, and the page loads in a browser
 * with no error.
 */
class RunReportTest {

  /** loss, distance, straightness; per stage (3) two sample plots, the trajectories and the coupling. */
  private static final int IMAGES = 3 + 3 * 4;

  /**
   * Coloured pixels a chart shows at least when its series are drawn: the tiny chain's charts have
   * 3,400 to 28,000; the loss chart with a three-stage legend and no points has 45.
   */
  private static final int PLOTTED = 1000;

  @TempDir static Path home;
  private static String runId;
  private static Path report;

  @BeforeAll
  static void runTheTinyChainAndReportIt() {
    String output = Cli.expect(0, "run", "src/test/resources/specs/valid/tiny-chain.yaml", "--home", home.toString());
    String[] lines = output.strip().split("\n");
    runId = lines[lines.length - 1].split(" ")[1];
    long start = System.nanoTime();
    String written = Cli.expect(0, "report", runId, "--home", home.toString()).strip();
    System.out.printf("report of %s written in %.1f s%n", runId, (System.nanoTime() - start) / 1e9);
    assertTrue(written.startsWith("wrote "), written);
    report = Path.of(written.substring("wrote ".length()));
  }

  @Test
  void theReportIsWrittenBesideTheRunWithEverySectionAndNothingFetched() throws Exception {
    assertEquals(home.resolve(runId).resolve("report.html").toAbsolutePath(), report);
    String html = Files.readString(report);
    for (String section : ReportHtml.SECTIONS) {
      assertTrue(html.contains("id=\"" + section + "\""), "section " + section);
    }
    assertTrue(html.contains("<details><summary>spec"), "the spec is collapsible");
    assertTrue(html.contains("experiment: tiny-chain"), "the spec text is there");
    assertTrue(html.contains(runId) && html.contains("completed"));
    assertEquals(IMAGES, dataImages(html).size());
    assertFalse(html.contains("<script"), "no script to fail");
    Matcher links = Pattern.compile("(src|href)=\"(?!data:|#)([^\"]*)\"").matcher(html);
    assertFalse(links.find(), () -> "the page refers to something outside itself: " + links.group());
    assertEquals(1, html.split("http://", -1).length - 1, "only the SVG namespace names a URL");
  }

  @Test
  void everyEmbeddedImageDecodesAndShowsItsPlottedSeries() throws Exception {
    // the calibration: a chart with axes, title and a legend but no points has few coloured pixels
    int empty = colouredPixels(decode(ReportCharts.loss(List.of(
        new Series("rf1", new double[0], new double[0]), new Series("rf2", new double[0], new double[0]),
        new Series("rf2-distilled", new double[0], new double[0])))));
    assertTrue(empty < PLOTTED / 4, "an empty chart already has " + empty + " coloured pixels");
    List<Integer> counts = new ArrayList<>();
    for (byte[] png : dataImages(Files.readString(report))) {
      BufferedImage image = decode(png);
      assertTrue(image.getWidth() >= 400 && image.getHeight() >= 400, image.getWidth() + "x" + image.getHeight());
      counts.add(colouredPixels(image));
    }
    for (int i = 0; i < counts.size(); i++) {
      assertTrue(counts.get(i) >= PLOTTED, "image " + i + " has " + counts.get(i) + " coloured pixels: its series are not drawn");
    }
  }

  @Test
  void theReportLoadsInHeadlessChromiumWithNoErrorAndShowsEverySection() throws Exception {
    HeadlessChromium.PageLoad load = HeadlessChromium.load(report);
    assertEquals(List.of(), load.errors());
    assertTrue(load.elementIds().containsAll(ReportHtml.SECTIONS), load.elementIds().toString());
    assertEquals(IMAGES, load.images());
    assertEquals(IMAGES, load.imagesDecoded(), "every image decodes in the browser");
  }

  @Test
  void aRunStillInProgressIsReportedWithWhatItRecordedSoFar() throws Exception {
    RunHistory full = history();
    List<Event> events = full.events();
    int firstOfRf2 = 0;
    while (!(events.get(firstOfRf2) instanceof Event.CheckpointSaved c && c.stage().equals("rf2"))) {
      firstOfRf2++;
    }
    RunHistory partial = RunHistory.of(events.subList(0, firstOfRf2 + 1));
    assertEquals("incomplete", partial.status());
    Path out = RunReport.write(partial, home, home.resolve("partial.html"));
    String html = Files.readString(out);
    for (String section : ReportHtml.SECTIONS) {
      assertTrue(html.contains("id=\"" + section + "\""), "section " + section);
    }
    assertTrue(html.contains("incomplete"));
    assertTrue(html.contains("stage &#39;rf2-distilled&#39; saved no checkpoint yet"), "says what is missing");
    assertEquals(3 + 2 * 4, dataImages(html).size(), "rf1 and rf2 in full; rf2-distilled has neither a checkpoint nor its pairs yet");
  }

  @Test
  void theHeaderSaysWhereAResumedRunRestarted() throws Exception {
    List<Event> events = new ArrayList<>(history().events());
    int at = 0;
    while (!(events.get(at) instanceof Event.CheckpointSaved c && c.stage().equals("rf2"))) {
      at++;
    }
    events.add(at + 1, new Event.ExperimentFailed("the machine went away"));
    events.add(at + 2, new Event.ExperimentResumed(1, java.time.Instant.parse("2026-01-02T03:04:05Z"), "other-host",
        List.of("rf1"), Map.of("rf2", 30L, "rf2-distilled", 0L), Map.of(), java.util.Optional.of("the machine went away")));
    RunHistory resumed = RunHistory.of(events);
    assertEquals("completed", resumed.status());
    String html = Files.readString(RunReport.write(resumed, home, home.resolve("resumed.html")));
    assertTrue(html.contains("#1 at 2026-01-02T03:04:05Z on other-host, kept rf1"), html);
    assertTrue(html.contains("rf2 from step 30") && html.contains("(after: the machine went away)"), "where it restarted, and why");
  }

  @Test
  void aRunWhoseDataIsGoneIsStillReportedAndSaysWhyItsFlowsAreNotSampled() throws Exception {
    List<Event> events = new ArrayList<>(history().events());
    Event.ExperimentSubmitted s = (Event.ExperimentSubmitted) events.get(0);
    String yaml = s.specYaml().replaceFirst("source: \\{toy: three-gaussians-source, pool: 2000\\}", "source: {npy: gone.npy}");
    assertTrue(yaml.contains("gone.npy"), yaml);
    events.set(0, new Event.ExperimentSubmitted(s.runId(), s.name(), yaml, s.specSha256(), s.seed(), s.submittedAt(), s.host(),
        s.stageInputs(), home.toString(), Map.of(), s.stageVariants()));
    String html = Files.readString(RunReport.write(RunHistory.of(events), home, home.resolve("no-data.html")));
    for (String section : ReportHtml.SECTIONS) {
      assertTrue(html.contains("id=\"" + section + "\""), "section " + section);
    }
    assertTrue(html.contains("the flows cannot be sampled") && html.contains("gone.npy"), "says why, naming the file");
    assertEquals(1, dataImages(html).size(), "the loss curves, from the journal alone");
  }

  @Test
  void outWritesTheReportWhereAsked() throws Exception {
    Path other = home.resolve("elsewhere").resolve("r.html");
    assertEquals("wrote " + other.toAbsolutePath(), Cli.expect(0, "report", runId, "--home", home.toString(), "--out", other.toString()).strip());
    assertTrue(Files.size(other) > 10_000);
  }

  @Test
  void anUnknownRunIsRefusedSayingWhereTheRunsAreListed() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute("report", "no-such-run", "--home", home.toString());
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no run 'no-such-run'")
        && err.toString(StandardCharsets.UTF_8).contains("'reflow runs' lists the runs"), err.toString(StandardCharsets.UTF_8));
  }

  private static RunHistory history() {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      return new Journal(system).history(runId);
    }
  }

  private static BufferedImage decode(byte[] png) throws java.io.IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "a PNG that ImageIO decodes");
    return image;
  }

  /**
   * Pixels of a clear hue: the series are drawn in the stage colours (or coloured crossings), while
   * the background, grid, axes, text and the target cloud are white, grey or black.
   */
  private static int colouredPixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        count += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) >= 48 ? 1 : 0;
      }
    }
    return count;
  }

  private static List<byte[]> dataImages(String html) {
    List<byte[]> images = new ArrayList<>();
    Matcher m = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    while (m.find()) {
      images.add(Base64.getDecoder().decode(m.group(1)));
    }
    return images;
  }

}
