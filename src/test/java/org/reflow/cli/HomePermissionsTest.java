package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reflow creates under its home follows the umask of the shell that started it: under umask
 * 077 no file or folder is readable, writable or searchable by group or others — journal,
 * artifacts, report, log, locks, lineage index, tombstones — and under umask 022 the artifacts,
 * the report, the log and the lineage index are readable by the group (a team can share them),
 * while the journal and its secret stay owner-only.
 */
class HomePermissionsTest {

  private static final String SPEC = "src/test/resources/specs/valid/two-stage-quick.yaml";
  private static final Duration COMMAND = Duration.ofMinutes(2);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  @TempDir Path dir;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void underUmask077NothingInTheHomeIsOpenToGroupOrOthers() throws Exception {
    Path home = dir.resolve("home");
    String runId = runAndReadEverything("077", home);
    List<String> open = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try (Stream<Path> tree = Files.walk(home)) {
      for (Path p : tree.toList()) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        seen.add(home.relativize(p).toString());
        if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
          open.add(home.relativize(p) + " " + PosixFilePermissions.toString(mode));
        }
      }
    }
    assertTrue(seen.containsAll(List.of("", "reflow.mv.db", "journal.secret", "logs/" + runId + ".log", runId,
        runId + "/report.html", "lineage-index.tsv", "locks", "artifacts/sha256", "forgotten")), "the walk saw " + seen);
    assertEquals(List.of(), open, "open to group or others under umask 077");
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void underUmask022ArtifactsReportsAndLogsAreGroupReadableButTheJournalAndItsSecretAreOwnerOnly() throws Exception {
    Path home = dir.resolve("home");
    String runId = runAndReadEverything("022", home);
    List<Path> shared = new ArrayList<>(List.of(home.resolve(runId).resolve("report.html"),
        home.resolve("logs").resolve(runId + ".log"), home.resolve("lineage-index.tsv")));
    try (Stream<Path> artifacts = Files.walk(home.resolve("artifacts").resolve("sha256"))) {
      artifacts.filter(Files::isRegularFile).forEach(shared::add);
    }
    assertTrue(shared.size() > 3 + 4, "checkpoints and shards were stored: " + shared);
    for (Path f : shared) {
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), home.relativize(f).toString());
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("journal.secret"))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("reflow.mv.db"))),
        "the journal file is the run's history, readable without the secret: owner-only whatever the umask");
  }

  /** A run, its report and lineage, a sample, and a run forgotten and brought back: what writes files in the home. */
  private String runAndReadEverything(String umask, Path home) throws Exception {
    ReflowShell reflow = new ReflowShell(umask, Map.of(), Files.createDirectories(dir.resolve("streams")));
    String h = home.toString();
    String runId = Cli.runId(reflow.expect(0, Duration.ofMinutes(4), "run", SPEC, "--home", h).out());
    reflow.expect(0, COMMAND, "lineage", runId + "/rf1", "--descendants", "--home", h); // writes the lineage index
    reflow.expect(0, COMMAND, "sample", runId + "/rf2", "--solver", "euler:2", "--count", "10", "--seed", "1",
        "--out", dir.resolve("samples.npy").toString(), "--home", h);
    reflow.expect(0, COMMAND, "rm", runId, "--home", h);
    reflow.expect(0, COMMAND, "rm", "--restore", runId, "--home", h);
    return runId;
  }
}
