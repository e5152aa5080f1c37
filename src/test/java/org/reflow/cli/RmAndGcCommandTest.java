package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Event;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.HoldRunLock;
import org.reflow.store.ArtifactStore;

/**
 * {@code reflow rm} and {@code reflow gc} on a real home of two identical runs (shared checkpoint
 * ids): forgetting one keeps everything the other needs; gc deletes exactly what no run needs,
 * never a live run's young files, and nothing at all with --dry-run.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RmAndGcCommandTest {

  @TempDir Path home;

  @Test
  void rmThenGcDeletesTheForgottenRunButKeepsTheCheckpointsItSharesAndTheOtherRunStillWorks() throws Exception {
    List<String> ids = TwinRuns.copyTo(home);
    String forgotten = ids.get(0);
    String kept = ids.get(1);
    Map<String, List<Event>> before = TwinRuns.events(home);
    Set<String> shared = checkpointIds(before.get(forgotten));
    shared.retainAll(checkpointIds(before.get(kept)));
    assertFalse(shared.isEmpty(), "identical training gives identical checkpoint ids in both runs");
    assertTrue(Files.exists(home.resolve(forgotten).resolve("report.html")));

    String rm = Cli.expect(0, "rm", forgotten, "--home", home.toString());
    assertTrue(rm.startsWith("forgot run " + forgotten + " (experiment 'tiny-chain', completed)"), rm);
    assertFalse(Cli.expect(0, "runs", "--home", home.toString()).contains(forgotten), "runs hides a forgotten run");
    assertTrue(refused(2, "show", forgotten, "--home", home.toString()).contains("'reflow rm --restore " + forgotten + "'"));
    assertEquals(before, TwinRuns.events(home), "rm keeps every event until gc");

    String gc = Cli.expect(0, "gc", "--home", home.toString());
    assertTrue(gc.contains("forgotten run " + forgotten + ": its " + before.get(forgotten).size() + " events are deleted"), gc);
    Map<String, List<Event>> after = TwinRuns.events(home);
    assertEquals(Set.of(kept), after.keySet(), "the forgotten run's events are gone");
    assertEquals(before.get(kept), after.get(kept));
    assertFalse(Files.exists(home.resolve(forgotten)), "its folder (report.html) is gone");
    assertFalse(Files.exists(home.resolve("forgotten").resolve(forgotten)), "and its tombstone");

    ArtifactStore store = ArtifactStore.open(home);
    for (String sha : artifacts(after.get(kept))) {
      assertTrue(store.isIntact(sha), "every artifact the kept run recorded is intact (what resume needs): " + sha);
    }
    String finalCheckpoint = after.get(kept).stream().filter(e -> e instanceof Event.StageCompleted c && c.stage().equals("rf2"))
        .map(e -> ((Event.StageCompleted) e).finalCheckpoint()).findFirst().orElseThrow();
    Path samples = home.resolve("samples.npy");
    Cli.expect(0, "sample", kept + "/rf2", "--count", "20", "--solver", "euler:2", "--seed", "1", "--out", samples.toString(), "--home", home.toString());
    assertTrue(Files.size(samples) > 0);
    assertTrue(Cli.expect(0, "lineage", kept + "/rf2", "--home", home.toString()).contains(finalCheckpoint));
    assertTrue(Cli.expect(0, "resume", kept, "--home", home.toString()).contains("run " + kept + " completed"));
    assertTrue(Cli.expect(0, "gc", "--home", home.toString()).contains("freed 0 files, 0 B"), "a second gc finds nothing");
  }

  @Test
  void rmRestoreBringsAForgottenRunBackAndRmRefusesARunAnotherProcessIsWriting() throws Exception {
    List<String> ids = TwinRuns.copyTo(home);
    Cli.expect(0, "rm", ids.get(0), "--home", home.toString());
    assertEquals("run " + ids.get(0) + " is back\n", Cli.expect(0, "rm", ids.get(0), "--restore", "--home", home.toString()));
    assertTrue(Cli.expect(0, "runs", "--home", home.toString()).contains(ids.get(0)));

    try (ChildProcess holder = holdRunLock(home, ids.get(1))) {
      String refusal = refused(1, "rm", ids.get(1), "--home", home.toString());
      assertTrue(refusal.contains("is being run by another process (pid " + holder.pid()) && refusal.contains("stop it first"), refusal);
    }
    assertTrue(Cli.expect(0, "runs", "--home", home.toString()).contains(ids.get(1)), "a refused rm forgets nothing");
  }

  @Test
  void gcDeletesAnUnreferencedArtifactAndAKilledProcesssTemporaryAndDryRunChangesNoFile() throws Exception {
    List<String> ids = TwinRuns.copyTo(home);
    ArtifactStore store = ArtifactStore.open(home);
    String orphan = store.put(file -> Files.writeString(file, "an artifact no run recorded"));
    Path temporary = Files.writeString(home.resolve("artifacts").resolve("tmp").resolve("0b5e-killed.npz"), "half a shard");
    Map<String, List<Event>> events = TwinRuns.events(home);
    Map<String, String> tree = TwinRuns.tree(home);
    // Opening the journal, as every command does, rewrites H2's file header and names the opener in the opening lock.
    tree.remove("reflow.mv.db");
    tree.remove("locks/journal.lock");

    String dry = Cli.expect(0, "gc", "--dry-run", "--home", home.toString());
    Map<String, String> after = TwinRuns.tree(home);
    after.remove("reflow.mv.db");
    after.remove("locks/journal.lock");
    assertEquals(tree, after, "a dry run changes no byte of the home's files");
    assertEquals(events, TwinRuns.events(home), "nor any event of the journal");
    assertTrue(dry.contains("artifacts no run needs:    1 file, 27 B") && dry.contains("temporary files:           1 file, 12 B"), dry);
    assertTrue(dry.contains("would free 2 files, 39 B"), dry);

    String gc = Cli.expect(0, "gc", "--home", home.toString());
    assertTrue(gc.endsWith("freed 2 files, 39 B\n"), gc);
    assertFalse(Files.exists(store.path(orphan)));
    assertFalse(Files.exists(temporary));
    for (String runId : ids) {
      for (String sha : artifacts(TwinRuns.events(home).get(runId))) {
        assertTrue(store.isIntact(sha), sha);
      }
    }
  }

  @Test
  void whileARunIsBeingWrittenGcKeepsYoungUnreferencedFilesAndDeletesOldOnes() throws Exception {
    List<String> ids = TwinRuns.copyTo(home);
    ArtifactStore store = ArtifactStore.open(home);
    String young = store.put(file -> Files.writeString(file, "stored a moment ago, its event not yet persisted"));
    Path inFlight = Files.writeString(home.resolve("artifacts").resolve("tmp").resolve("in-flight.npz"), "being written");
    Path stale = Files.writeString(home.resolve("artifacts").resolve("tmp").resolve("stale.npz"), "left an hour ago");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

    try (ChildProcess holder = holdRunLock(home, ids.get(1))) {
      String gc = Cli.expect(0, "gc", "--home", home.toString());
      assertTrue(gc.contains("kept 2 files younger than 10 minutes while " + ids.get(1) + " is being written"), gc);
      assertTrue(Files.exists(store.path(young)) && Files.exists(inFlight), "young files of a live home are kept");
      assertFalse(Files.exists(stale), "an old temporary is deleted even while a run is live");
    }
    Cli.expect(0, "gc", "--home", home.toString());
    assertFalse(Files.exists(store.path(young)) || Files.exists(inFlight), "once no run is live, age does not matter");
  }

  /** A child JVM that holds {@code runId}'s lock until it is closed (killed). */
  static ChildProcess holdRunLock(Path home, String runId) throws Exception {
    ChildProcess holder = ChildProcess.java(HoldRunLock.class, List.of(home.toString(), runId), false, Map.of());
    holder.awaitLine("held"::equals, Duration.ofMinutes(2));
    return holder;
  }

  /** Runs {@code reflow args…}, checks its exit status and returns what it printed on standard error. */
  static String refused(int code, String... args) {
    Cli.Result result = Cli.run(args);
    assertEquals(code, result.code(), result.out() + result.err());
    return result.err();
  }

  private static Set<String> checkpointIds(List<Event> events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> {
      if (e instanceof Event.CheckpointSaved c) {
        ids.add(c.checkpointId());
      }
    });
    return ids;
  }

  private static Set<String> artifacts(List<Event> events) {
    Set<String> shas = new HashSet<>();
    events.forEach(e -> {
      if (e instanceof Event.CheckpointSaved c) {
        shas.add(c.sha256());
      } else if (e instanceof Event.CouplingShardWritten s) {
        shas.add(s.sha256());
      }
    });
    return shas;
  }
}
