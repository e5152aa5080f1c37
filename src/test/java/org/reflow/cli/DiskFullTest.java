package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.store.ArtifactStore;
import org.reflow.store.StorageFault;

/**
 * A disk that fills or turns read-only under a run stops it cleanly: within seconds of the first
 * failed write the real command line, in a child JVM, prints one paragraph (what is full, which
 * path, 'reflow resume RUN'), exits 1 and shows no stack trace (that goes to the run's log under
 * the home); once there is room, 'reflow resume' completes the run with every checkpoint recorded
 * before the stop intact. The disks are real: a tmpfs as small as 600 KiB, mounted by the test
 * (CI runs as root); where mounting is refused, the same failures come from a file size limit
 * set on the running child (prlimit) and from permissions.
 */
class DiskFullTest {

  private static final String SPEC = "src/test/resources/specs/valid/disk-full-chain.yaml";
  private static final Pattern STEP = Pattern.compile("^rf1\\s+step\\s+(\\d+)/");
  private static final Duration STOPS_WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void aRunWhoseJournalDiskFillsStopsWithinSecondsInOneParagraphAndResumesOnceThereIsRoom() throws Exception {
    boolean tmpfs = Disk.mountable(dir);
    Path home = Files.createDirectories(dir.resolve("home"));
    Path artifacts = home.resolve("artifacts");
    List<Path> mounts = new ArrayList<>();
    try {
      if (tmpfs) {
        Disk.mount(home, "size=600k");
        mounts.add(0, home);
        Files.createDirectories(artifacts);
        Disk.mount(artifacts, "size=64m"); // artifacts elsewhere: what fills is the journal's disk
        mounts.add(0, artifacts);
      }
      ChildProcess run = reflow(home, "run", SPEC);
      run.awaitLine(DiskFullTest::pastFirstCheckpoint, Duration.ofMinutes(3));
      if (tmpfs) {
        Disk.fill(home.resolve("filler"));
      } else {
        // The journal's file may grow no more: its next write fails as on a full disk.
        Disk.limitFileSize(run.pid(), Files.size(home.resolve("reflow.mv.db")));
      }
      long failingFrom = System.nanoTime();
      run.awaitExit(1, Duration.ofMinutes(4));
      long exitedAt = System.nanoTime();
      String output = run.output();
      String runId = Cli.runId(output);
      String fault = (tmpfs ? StorageFault.FULL : StorageFault.FILE_SIZE_LIMIT).state();
      String paragraph = line(output, "run " + runId + " stopped: ");
      assertTrue(paragraph.startsWith("run " + runId + " stopped: the journal " + home.resolve("reflow.mv.db")
          + " could not record its next event: the file system holding it " + fault), paragraph);
      assertTrue(paragraph.contains("'reflow resume " + runId + "' continues the run"), paragraph);
      Path log = home.resolve("logs").resolve(runId + ".log");
      assertTrue(paragraph.endsWith("Full trace: " + log), paragraph);
      assertTrue(output.strip().endsWith("run " + runId + " failed"), output);
      assertNoStackTrace(output);
      long stoppedAfter = exitedAt - failingFrom;
      assertTrue(stoppedAfter < STOPS_WITHIN.toNanos(), "exited " + stoppedAfter / 1e9 + " s after the disk filled");
      String trace = Files.readString(log);
      assertTrue(trace.contains("JournalFailureException") && trace.contains("\tat "), trace);
      assertFalse(trace.contains("\0"), "the log's unused reserve was given back");

      // A home that is not writable: resume refuses in one paragraph, and records nothing.
      if (tmpfs) {
        Disk.remount(home, "ro");
      } else {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      ChildProcess readOnly = reflow(home, "resume", runId);
      readOnly.awaitExit(1, Duration.ofMinutes(2));
      assertTrue(readOnly.output().contains("REFLOW_HOME " + home + " is "
          + (tmpfs ? "on a read-only file system" : "not writable")), readOnly.output());
      assertNoStackTrace(readOnly.output());

      if (tmpfs) {
        Disk.remount(home, "rw,size=64m");
        Files.delete(home.resolve("filler"));
      } else {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      RunHistory stopped = Cli.history(home, runId);
      List<Event.CheckpointSaved> before = stopped.stages().get("rf1").checkpoints();
      assertFalse(before.isEmpty(), "rf1 recorded checkpoints before the disk filled");
      assertFalse(stopped.status().equals("completed"));

      ChildProcess resumed = reflow(home, "resume", runId);
      resumed.awaitExit(0, Duration.ofMinutes(4));
      assertKeptAndCompleted(home, runId, before);
    } finally {
      for (Path m : mounts) {
        Disk.unmount(m);
      }
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void anArtifactThatCannotBeWrittenStopsTheRunInOneParagraphAndResumesOnceThereIsRoom() throws Exception {
    boolean tmpfs = Disk.mountable(dir);
    Path home = Files.createDirectories(dir.resolve("home"));
    Path artifacts = Files.createDirectories(home.resolve("artifacts"));
    boolean mounted = false;
    try {
      if (tmpfs) {
        Disk.mount(artifacts, "size=2m");
        mounted = true;
      }
      ChildProcess run = reflow(home, "run", SPEC);
      run.awaitLine(DiskFullTest::pastFirstCheckpoint, Duration.ofMinutes(3));
      if (tmpfs) {
        Disk.fill(artifacts.resolve("filler"));
      } else {
        setWritable(artifacts.resolve("sha256"), false); // no new artifact can be put in place
      }
      long failingFrom = System.nanoTime();
      run.awaitExit(1, Duration.ofMinutes(4));
      long exitedAt = System.nanoTime();
      String output = run.output();
      String runId = Cli.runId(output);
      String fault = (tmpfs ? StorageFault.FULL : StorageFault.DENIED).state();
      String failed = line(output, "stage rf1 failed: ");
      assertTrue(failed.matches("stage rf1 failed: training step \\d+ failed: cannot write an artifact into "
          + Pattern.quote(artifacts.toString()) + ": the file system holding it " + Pattern.quote(fault) + ".*"), failed);
      assertTrue(failed.contains("Once that is fixed, 'reflow resume " + runId + "' continues the run"), failed);
      Path log = home.resolve("logs").resolve(runId + ".log");
      assertTrue(failed.endsWith("Details: " + log), failed);
      assertTrue(output.strip().endsWith("run " + runId + " failed"), output);
      assertNoStackTrace(output);
      long stoppedAfter = exitedAt - failingFrom;
      assertTrue(stoppedAfter < STOPS_WITHIN.toNanos(), "exited " + stoppedAfter / 1e9 + " s after the disk filled");
      String trace = Files.readString(log);
      assertTrue(trace.contains("cannot write an artifact") && trace.contains("\tat "), trace);

      if (tmpfs) {
        Disk.remount(artifacts, "size=64m");
        Files.delete(artifacts.resolve("filler"));
      } else {
        setWritable(artifacts.resolve("sha256"), true);
      }
      List<Event.CheckpointSaved> before = Cli.history(home, runId).stages().get("rf1").checkpoints();
      assertFalse(before.isEmpty(), "rf1 recorded checkpoints before the artifact failed");
      ChildProcess resumed = reflow(home, "resume", runId);
      resumed.awaitExit(0, Duration.ofMinutes(4));
      assertKeptAndCompleted(home, runId, before);
    } finally {
      if (mounted) {
        Disk.unmount(artifacts);
      }
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aRunOnAHomeThatIsNotWritableIsRefusedInOneParagraph() throws Exception {
    boolean tmpfs = Disk.mountable(dir);
    Path home = Files.createDirectories(dir.resolve("home"));
    if (tmpfs) {
      Disk.mount(home, "ro,size=600k");
    } else {
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    try {
      ChildProcess run = reflow(home, "run", SPEC);
      run.awaitExit(1, Duration.ofMinutes(2));
      assertTrue(run.output().contains("REFLOW_HOME " + home + " is "
          + (tmpfs ? "on a read-only file system" : "not writable")), run.output());
      assertNoStackTrace(run.output());
    } finally {
      if (tmpfs) {
        Disk.unmount(home);
      } else {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  /** rf1 trains past its first checkpoint (step 100). */
  private static boolean pastFirstCheckpoint(String line) {
    Matcher m = STEP.matcher(line);
    return m.find() && Long.parseLong(m.group(1)) > 150;
  }

  /** The run completed, and every checkpoint recorded before the stop is in its history with its bytes. */
  private static void assertKeptAndCompleted(Path home, String runId, List<Event.CheckpointSaved> before) {
    RunHistory after = Cli.history(home, runId);
    assertEquals("completed", after.status());
    List<Event.CheckpointSaved> rf1 = after.stages().get("rf1").checkpoints();
    assertEquals(before, rf1.subList(0, before.size()), "the checkpoints recorded before the stop are kept as they were");
    ArtifactStore store = ArtifactStore.open(home);
    Stream.concat(rf1.stream(), after.stages().get("rf2").checkpoints().stream())
        .forEach(c -> assertTrue(store.isIntact(c.sha256()), "checkpoint " + c.checkpointId() + " is intact"));
  }

  private static void setWritable(Path folder, boolean writable) throws IOException {
    String mode = writable ? "rwxr-xr-x" : "r-xr-xr-x";
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
      }
    }
  }

  private static String line(String output, String start) {
    return output.lines().filter(l -> l.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting '" + start + "' in\n" + output));
  }

  /** {@code reflow args… --home home} in a child JVM, its standard error read with its output. */
  private static ChildProcess reflow(Path home, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--home", home.toString()));
    return ChildProcess.java(Main.class, all, true, Map.of());
  }

  /** No line looks like a stack trace or names an exception. */
  private static void assertNoStackTrace(String output) {
    for (String line : output.split("\n")) {
      assertTrue(!line.contains("Exception") && !line.matches("^\\s+at .*") && !line.startsWith("Caused by")
          && !line.matches("^\\s+\\.\\.\\. \\d+ more"), "a stack trace on the terminal: '" + line + "' in\n" + output);
    }
  }
}
