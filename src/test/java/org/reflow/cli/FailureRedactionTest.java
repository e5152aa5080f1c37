package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.store.Npy;
import org.reflow.store.NpyArray;

/**
 * A run that failed on a JDBC error whose message holds the url's password (as a driver's
 * message may): show, show --json, lineage in every format and the HTML report print the reason
 * with the url's host and user but the password masked.
 */
class FailureRedactionTest {

  private static final String PASSWORD = "Zq8-pw-4f1c9e";
  private static final String USERINFO_PASSWORD = "Ui7-pw-77aa01";
  private static final String REASON = "the journal failed: cannot open jdbc:postgresql://db.lab:5432/reflow?user=reflow&password="
      + PASSWORD + "&ssl=true (Connection refused); also tried postgresql://reflow:" + USERINFO_PASSWORD + "@db2.lab/reflow";

  @TempDir Path home;

  @Test
  void aFailureMessageWithAJdbcPasswordIsShownMaskedEverywhere() throws Exception {
    Path points = home.resolve("point.npy");
    Npy.write(points, new NpyArray(new int[] {8, 2}, new float[16]));
    String yaml = """
        experiment: constant-field
        seed: 1
        data:
          source: {npy: %s}
          target: {npy: %s}
        model: {hidden: [4]}
        defaults:
          train: {steps: 1}
        stages:
          rf1: {kind: rectify}
        """.formatted(points, points);
    String runId = ConstantFieldRun.write(home, yaml, new float[] {1f, 1f}, Optional.of(REASON));
    String h = home.toString();
    String checkpoint = Cli.history(home, runId).stages().get("rf1").checkpoints().get(0).checkpointId();

    String shown = Cli.expect(0, "show", runId, "--home", h);
    assertTrue(shown.contains("jdbc:postgresql://db.lab:5432/reflow?user=reflow&password=***&ssl=true"), shown);
    assertTrue(shown.contains("postgresql://reflow:***@db2.lab/reflow"), shown);
    assertMasked("show", shown);
    assertMasked("show --json", Cli.expect(0, "show", runId, "--json", "--home", h));
    assertMasked("runs --json", Cli.expect(0, "runs", "--json", "--home", h));
    for (String format : List.of("tree", "json", "openlineage", "dot")) {
      String lineage = Cli.expect(0, "lineage", checkpoint, "--format", format, "--home", h);
      assertMasked("lineage --format " + format, lineage);
    }
    assertTrue(Cli.expect(0, "lineage", checkpoint, "--format", "json", "--home", h).contains("password=***"),
        "the lineage names the failure, masked");
    Cli.expect(0, "report", runId, "--home", h);
    String report = Files.readString(home.resolve(runId).resolve("report.html"));
    assertTrue(report.contains("password=***"), "the report names the failure, masked");
    assertMasked("report.html", report);
  }

  private static void assertMasked(String where, String text) {
    assertFalse(text.contains(PASSWORD) || text.contains(USERINFO_PASSWORD), where + " shows a password: " + text);
  }
}
