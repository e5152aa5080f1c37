package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.RunLock;
import org.reflow.experiment.TestPostgres;

/**
 * One writer per run across machines, on a PostgreSQL journal ({@value TestPostgres#URL}; run by
 * {@code .ci/run}): two homes stand for two machines that share only the database, so the
 * per-machine file lock cannot see the writer; the run's lease in the database does.
 */
class RunLeaseOnPostgresTest {

  private static final String SPEC = "src/test/resources/specs/valid/resumable-chain.yaml";
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path machineA;
  @TempDir Path machineB;

  @Test
  void aResumeFromAnotherMachineOfARunBeingWrittenIsRefusedNamingTheWriterUntilItsProcessDies() throws Exception {
    String runId;
    try (ChildProcess run = reflow(machineA, "run", SPEC)) {
      runId = Cli.runId(run.awaitLine(line -> line.matches("^run \\S+: experiment .*"), WAIT)); // printed once it holds the run
      try (ChildProcess second = reflow(machineB, "resume", runId)) {
        String refused = second.awaitExit(1, WAIT);
        assertTrue(refused.contains("run " + runId + " is being run by another process (pid " + run.pid() + " on "), refused);
        assertTrue(refused.contains("a run has one writer"), refused);
      }
      assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(TestPostgres.settings(machineB), runId).close());
      run.kill();
    }
    // the server lets go when the killed process's session ends (its socket closed by the kernel)
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        RunLock.acquire(TestPostgres.settings(machineB), runId).close();
        return;
      } catch (RunLock.HeldException stillHeld) {
        if (System.nanoTime() > deadline) {
          throw stillHeld;
        }
        Thread.sleep(100);
      }
    }
  }

  private static ChildProcess reflow(Path home, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--home", home.toString(), "--journal", TestPostgres.url()));
    return ChildProcess.java(Main.class, all, true, Map.of());
  }
}
