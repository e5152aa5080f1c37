package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.report.RunReport;

/**
 * A run id or checkpoint id given to show, resume, rm, report, sample or lineage that is a path
 * ('..', '/', absolute) or has the wrong form is refused with exit 2 and what an id looks like,
 * before the command touches a file: the home it names is not even created.
 */
class IdArgumentsTest {

  private static final List<String> NOT_RUN_IDS = List.of("..", "../20260101-120000-ab12", "/etc", "a/../../b", ".hidden");

  @TempDir Path dir;

  @Test
  void aRunIdThatIsAPathIsRefusedByEveryCommandBeforeTheHomeIsTouched() {
    Path home = dir.resolve("home");
    for (String command : List.of("show", "resume", "rm", "report")) {
      for (String id : NOT_RUN_IDS) {
        String err = refused(home, command, id);
        assertTrue(err.contains("'" + id + "' is not a run id") && err.contains("'reflow runs' lists them"), command + ": " + err);
      }
    }
    for (String id : List.of("../x/rf1", "/etc/rf1", "../../x/rf1")) {
      assertTrue(refused(home, "sample", id, sampleOptions()).contains("is not a run id"), id);
      assertTrue(refused(home, "lineage", id).contains("is not a run id"), id);
    }
    assertFalse(Files.exists(home), "no command created the home it was given");
  }

  @Test
  void aCheckpointIdOfTheWrongFormIsRefusedBeforeTheHomeIsTouched() {
    Path home = dir.resolve("home");
    for (String id : List.of("ck-0000", "ck-../../../../etc/passwd", "ck-D267DB2FBF10F239", "ck-d267db2fbf10f2390")) {
      String sample = refused(home, "sample", id, sampleOptions());
      assertTrue(sample.contains("'" + id + "' is not a checkpoint id: a checkpoint id is 'ck-' and 16 lowercase hex digits"), sample);
      String lineage = refused(home, "lineage", id);
      assertTrue(lineage.contains("is not a checkpoint id") && lineage.contains("RUN/STAGE"), lineage);
    }
    assertTrue(refused(home, "sample", "../../etc/passwd", sampleOptions()).contains("is not a run id"));
    assertFalse(Files.exists(home), "no command created the home it was given");
  }

  @Test
  void theLogAndTheReportOfARunAreNamedOnlyByARunId() {
    for (String id : NOT_RUN_IDS) {
      assertThrows(IllegalArgumentException.class, () -> RunLog.open(dir, id), id);
      assertThrows(IllegalArgumentException.class, () -> RunReport.defaultPath(dir, id), id);
    }
    assertEquals(dir.resolve("20260101-120000-ab12").resolve("report.html"), RunReport.defaultPath(dir, "20260101-120000-ab12"));
  }

  private String[] sampleOptions() {
    return new String[] {"--solver", "euler:1", "--count", "5", "--seed", "1", "--out", dir.resolve("s.npy").toString()};
  }

  private static String refused(Path home, String command, String id, String... more) {
    List<String> args = new ArrayList<>(List.of(command, id, "--home", home.toString()));
    args.addAll(List.of(more));
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertEquals(2, result.code(), String.join(" ", args) + "\n" + result.out() + result.err());
    return result.err();
  }
}
