package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report a run writes at its end takes the figures and charts of stages drawn while the run
 * went on (report.FigurePrefetch) — every stage that completed, or that a resume kept — and is the
 * same page, byte for byte but its "report written" time, as {@code reflow report} draws afterwards
 * from the journal alone.
 */
class ReportDrawnDuringRunTest {

  private static final String SPEC = "src/test/resources/specs/valid/tiny-chain.yaml";

  @TempDir Path home;

  @Test
  void theRunsReportIsTheSamePageReportDrawsAfterwardsFromTheStagesDrawnDuringTheRun() throws IOException {
    String output = Cli.expect(0, "run", SPEC, "--profile", "--home", home.toString());
    String runId = Cli.runId(output);
    assertTrue(output.contains("report.html (3 stages' figures drawn during the run)"), output);
    assertSamePage(runId);
  }

  @Test
  void aResumeDrawsTheStagesItKeptDuringTheRun() throws IOException {
    // one sweep point diverges at once: the run completes with failures, and its resume keeps the other's 3 stages
    String output = Cli.run("run", SPEC, "--set", "sweep={stages.rf1.train.lr: [5.0e-3, 1.0e30]}",
        "--home", home.toString()).out();
    String runId = Cli.runId(output);
    Cli.Result resumed = Cli.run("resume", runId, "--profile", "--home", home.toString());
    assertEquals(1, resumed.code(), resumed.out() + resumed.err());
    assertTrue(resumed.out().contains("report.html (3 stages' figures drawn during the run)"), resumed.out());
    assertSamePage(runId);
  }

  private void assertSamePage(String runId) throws IOException {
    Path afterwards = home.resolve("afterwards.html");
    Cli.expect(0, "report", runId, "--out", afterwards.toString(), "--home", home.toString());
    String during = Files.readString(home.resolve(runId).resolve("report.html"));
    assertTrue(during.contains("data:image/png;base64,"), "the page has its charts");
    assertEquals(withoutWrittenTime(Files.readString(afterwards)), withoutWrittenTime(during));
  }

  private static String withoutWrittenTime(String page) {
    return page.replaceFirst("report written</th><td>[^<]*", "report written</th><td>");
  }
}
