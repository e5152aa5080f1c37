package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.cli.Cli;
import org.reflow.data.FashionMnist;

/**
 * Two tiny image runs through the command line, noise into two Fashion-MNIST classes (1-RF, 2-RF,
 * distilled 2-RF) and sneakers into ankle boots (1-RF, 2-RF), on Debian's dataset-fashion-mnist,
 * in one home (its feature classifier is trained once): their reports' images decoded and checked
 * against {@code reflow sample} and {@code reflow show --json}. Most of the time is the home's
 * classifier, trained by the first evaluation.
 */
class ImageRunReportTest {

  private static final int SIDE = FashionMnist.SIDE + 1; // an image and the border before it
  private static final Pattern IMAGE = Pattern.compile("<img src=\"data:image/png;base64,([^\"]+)\"[^>]*alt=\"([^\"]*)\"");
  private static final Pattern FD_ROW = Pattern.compile("<tr><td class=\"text\">([^<]*)</td><td>(\\d+)</td><td class=\"text\">"
      + "([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>");

  @TempDir static Path home;
  private static Run noise;
  private static Run transfer;

  /** A run, its report's page and what {@code show --json} says of it. */
  private record Run(String id, long seed, String html, JsonNode shown) {

    List<String> stages() {
      List<String> ids = new ArrayList<>();
      shown.get("stages").forEach(s -> ids.add(s.get("id").asText()));
      return ids;
    }
  }

  @BeforeAll
  static void runBothAndReadTheirReports() throws IOException {
    assertTrue(Files.isRegularFile(FashionMnist.DEBIAN_FOLDER.resolve("train-images-idx3-ubyte.gz")),
        "this test reads Debian's dataset-fashion-mnist: apt-get install dataset-fashion-mnist");
    noise = run("tiny-fashion.yaml");
    transfer = run("tiny-transfer.yaml");
  }

  private static Run run(String spec) throws IOException {
    String id = Cli.runId(Cli.expect(0, "run", "src/test/resources/specs/images/" + spec, "--home", home.toString()));
    JsonNode shown = new ObjectMapper().readTree(Cli.expect(0, "show", id, "--json", "--home", home.toString()));
    String html = Files.readString(RunReport.defaultPath(home, id));
    return new Run(id, shown.get("seed").asLong(), html, shown);
  }

  @Test
  void anImageRunsReportHasTheImageSectionsAndEveryStageAGridPerSolverFourImagesToARow() throws IOException {
    for (Run run : List.of(noise, transfer)) {
      for (String section : ReportHtml.IMAGE_SECTIONS) {
        assertTrue(run.html().contains("id=\"" + section + "\""), "section " + section);
      }
      assertFalse(run.html().contains("id=\"trajectories\""), "the 2-D sections are not on an image run's page");
      Map<String, BufferedImage> images = images(run.html());
      for (String stage : run.stages()) {
        for (String solver : ImageFigures.GRID_SOLVERS) {
          BufferedImage grid = grid(images, stage, solver);
          assertEquals(4 * SIDE + 1, grid.getWidth(), stage + " " + solver);
          assertEquals(4 * SIDE + 1, grid.getHeight(), "16 images, 4 to a row: " + stage + " " + solver);
        }
      }
      long grids = images.keySet().stream().filter(alt -> alt.contains(", NFE ")).count();
      assertEquals(run.stages().size() * ImageFigures.GRID_SOLVERS.size(), grids);
    }
  }

  @Test
  void eachGridIsWhatReflowSampleDrawsWithTheRunsSeedSoEveryStageStartsFromTheSameNoise(@TempDir Path out) throws IOException {
    Map<String, BufferedImage> images = images(noise.html());
    Set<String> distinct = new HashSet<>();
    for (String stage : noise.stages()) {
      for (String solver : ImageFigures.GRID_SOLVERS) {
        Path png = out.resolve(stage + "-" + solver.replace(':', '-') + ".png");
        Cli.expect(0, "sample", noise.id() + "/" + stage, "--solver", solver, "--count", "16", "--seed",
            Long.toString(noise.seed()), "--out", out.resolve("samples.npy").toString(), "--png", png.toString(),
            "--home", home.toString());
        BufferedImage sampled = decode(Files.readAllBytes(png)); // 16 to a row
        BufferedImage grid = grid(images, stage, solver);
        for (int i = 0; i < 16; i++) {
          assertArrayEquals(cell(sampled, 16, i), cell(grid, 4, i), stage + " " + solver + ", image " + i + ", pixel for pixel");
        }
        distinct.add(Base64.getEncoder().encodeToString(toBytes(cell(grid, 4, 0))));
      }
    }
    assertEquals(noise.stages().size() * ImageFigures.GRID_SOLVERS.size(), distinct.size(),
        "each stage and solver makes something else of the first draw");
  }

  @Test
  void theFdTableListsEveryStageAndSolverWithTheValuesTheRunRecorded() {
    for (Run run : List.of(noise, transfer)) {
      String table = run.html().substring(run.html().indexOf("<table id=\"fd-table\">"));
      table = table.substring(0, table.indexOf("</table>"));
      Map<String, List<String>> rows = new LinkedHashMap<>();
      Matcher m = FD_ROW.matcher(table);
      while (m.find()) {
        rows.put(m.group(1).split(" ")[0] + "|" + m.group(3), List.of(m.group(2), m.group(4), m.group(5), m.group(6), m.group(7)));
      }
      int recorded = 0;
      for (JsonNode stage : run.shown().get("stages")) {
        var solvers = stage.get("metrics").fields();
        while (solvers.hasNext()) {
          var solver = solvers.next();
          JsonNode values = solver.getValue().get("values");
          List<String> row = rows.get(stage.get("id").asText() + "|" + solver.getKey());
          assertNotNull(row, stage.get("id") + " " + solver.getKey() + " in " + rows.keySet());
          assertEquals(List.of(solver.getValue().get("step").asText(), Long.toString(Math.round(values.get("nfe").asDouble())),
              fourDigits(values.get("fd")), fourDigits(values.get("class_coverage")), fourDigits(values.get("confidence"))), row);
          recorded++;
        }
      }
      assertEquals(run.stages().size() * (run == noise ? 4 : 3), recorded, "every stage evaluated with every solver");
      assertEquals(recorded, rows.size());
    }
  }

  @Test
  void everyEvaluatedStageHasAClassHistogramAndTheFdChartIsDrawn() throws IOException {
    for (Run run : List.of(noise, transfer)) {
      Map<String, BufferedImage> images = images(run.html());
      assertNotNull(images.get("FD against NFE, one line per stage"));
      for (String stage : run.stages()) {
        List<BufferedImage> histograms = images.entrySet().stream()
            .filter(e -> e.getKey().startsWith(stage + ": class histogram at ")).map(Map.Entry::getValue).toList();
        assertEquals(1, histograms.size(), stage);
        assertTrue(histograms.get(0).getWidth() >= 400, "a chart, not a stub");
      }
    }
  }

  @Test
  void aTransferShowsEachStagesPairsTheSameInputsAboveTheirOneStepImages() throws IOException {
    Map<String, BufferedImage> images = images(transfer.html());
    int[][] inputs = null;
    for (String stage : transfer.stages()) {
      BufferedImage pairs = images.entrySet().stream().filter(e -> e.getKey().startsWith(stage + " (")
          && e.getKey().endsWith("X0 (top) → one-step X1 (bottom)")).map(Map.Entry::getValue).findFirst().orElseThrow();
      assertEquals(8 * SIDE + 1, pairs.getWidth(), "8 pairs side by side");
      assertEquals(2 * SIDE + 1, pairs.getHeight(), "X0 above X1: 2 x 8 cells");
      BufferedImage oneStep = grid(images, stage, "euler:1");
      int[][] top = new int[8][];
      for (int j = 0; j < 8; j++) {
        top[j] = cell(pairs, 8, j);
        assertArrayEquals(cell(oneStep, 4, j), cell(pairs, 8, 8 + j), stage + ": pair " + j + " ends where one step takes it");
        assertFalse(java.util.Arrays.equals(top[j], cell(pairs, 8, 8 + j)), stage + ": one step moves pair " + j);
      }
      if (inputs != null) {
        assertArrayEquals(inputs, top, "every stage starts from the same sneakers");
      }
      inputs = top;
    }
    assertTrue(noise.html().contains("π0 of this run is noise; pairs are drawn for domain transfer"));
  }

  @Test
  void theTransferPageLoadsInHeadlessChromiumWithNoErrorAndEveryImageDecodes() throws Exception {
    HeadlessChromium.PageLoad load = HeadlessChromium.load(RunReport.defaultPath(home, transfer.id()));
    assertEquals(List.of(), load.errors());
    assertTrue(load.elementIds().containsAll(ReportHtml.IMAGE_SECTIONS), load.elementIds().toString());
    assertEquals(images(transfer.html()).size(), load.images());
    assertEquals(load.images(), load.imagesDecoded(), "every image decodes in the browser");
  }

  private static String fourDigits(JsonNode value) {
    return String.format(Locale.ROOT, "%.4g", value.asDouble());
  }

  private static BufferedImage grid(Map<String, BufferedImage> images, String stage, String solver) {
    return images.entrySet().stream().filter(e -> e.getKey().startsWith(stage + ", " + solver + ", NFE "))
        .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no grid of " + stage + " at " + solver
            + " among " + images.keySet()));
  }

  /** The grey levels of image {@code i} of a grid {@code columns} images wide. */
  private static int[] cell(BufferedImage grid, int columns, int i) {
    int[] pixels = new int[FashionMnist.PIXELS];
    int left = 1 + (i % columns) * SIDE;
    int top = 1 + (i / columns) * SIDE;
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = grid.getRaster().getSample(left + p % FashionMnist.SIDE, top + p / FashionMnist.SIDE, 0);
    }
    return pixels;
  }

  private static byte[] toBytes(int[] pixels) {
    byte[] bytes = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      bytes[i] = (byte) pixels[i];
    }
    return bytes;
  }

  /** The page's embedded images by their alt text, decoded. */
  private static Map<String, BufferedImage> images(String html) throws IOException {
    Map<String, BufferedImage> images = new LinkedHashMap<>();
    Matcher m = IMAGE.matcher(html);
    while (m.find()) {
      images.put(m.group(2), decode(Base64.getDecoder().decode(m.group(1))));
    }
    return images;
  }

  private static BufferedImage decode(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "a PNG that ImageIO decodes");
    return image;
  }
}
