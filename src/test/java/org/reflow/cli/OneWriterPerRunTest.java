package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;

/**
 * One writer per run, through the command line: while a real {@code reflow run} or {@code reflow
 * resume} process is writing a run, a second {@code reflow resume} of it exits 1 naming that
 * process's pid, and leaves the run to it.
 */
class OneWriterPerRunTest {

  private static final String SPEC = "src/test/resources/specs/valid/resumable-chain.yaml";
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path home;

  @Test
  void aSecondResumeOfARunBeingRunOrResumedIsRefusedNamingTheWritersPid() throws Exception {
    String runId;
    try (ChildProcess run = reflow("run", SPEC)) {
      String started = run.awaitLine(line -> line.matches("^run \\S+: experiment .*"), WAIT); // printed once it holds the run
      Matcher m = Pattern.compile("^run (\\S+): ", Pattern.MULTILINE).matcher(started);
      assertTrue(m.find(), started);
      runId = m.group(1);
      assertRefused(runId, run.pid());
      run.kill();
    }
    try (ChildProcess resume = reflow("resume", runId)) {
      resume.awaitLine(line -> line.startsWith("run " + runId + ": resuming"), WAIT);
      assertRefused(runId, resume.pid());
      resume.kill();
    }
  }

  private void assertRefused(String runId, long writer) throws Exception {
    try (ChildProcess second = reflow("resume", runId)) {
      String refused = second.awaitExit(1, WAIT);
      assertTrue(refused.contains("run " + runId + " is being run by another process (pid " + writer + " on "), refused);
      assertTrue(refused.contains("a run has one writer"), refused);
    }
  }

  private ChildProcess reflow(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--home", home.toString()));
    return ChildProcess.java(Main.class, all, true, Map.of());
  }
}
