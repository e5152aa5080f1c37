package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report a run writes at its end takes the figures and charts of stages drawn while the run
 * went on (report.FigurePrefetch, from the last stage's completion) and is the same page, byte for
 * byte but its "report written" time, as {@code reflow report} draws afterwards from the journal
 * alone.
 */
class ReportDrawnDuringRunTest {

  private static final String SPEC = "src/test/resources/specs/valid/tiny-chain.yaml";

  @TempDir Path home;

  @Test
  void theRunsReportIsTheSamePageReportDrawsAfterwardsFromTheStagesDrawnDuringTheRun() throws IOException {
    String output = Cli.expect(0, "run", SPEC, "--profile", "--home", home.toString());
    String runId = Cli.runId(output);
    // drawn from the last stage's completion on; those not started when the report begins, it draws itself
    Matcher drawn = Pattern.compile("report\\.html \\(([123]) stages' figures drawn during the run\\)").matcher(output);
    assertTrue(drawn.find(), output);
    assertSamePage(home, runId);
  }

  private static void assertSamePage(Path home, String runId) throws IOException {
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
