package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per run across processes: while a real second JVM holds a run's lock, taking it is
 * refused with a message naming that process; once it is killed with SIGKILL, the lock is free
 * (the operating system released it), so a crashed run never stays locked.
 */
class RunLockTest {

  @TempDir Path home;

  @Test
  void aRunHeldByAnotherProcessIsRefusedUntilThatProcessIsKilled() throws Exception {
    try (ChildProcess holder = ChildProcess.java(HoldRunLock.class, List.of(home.toString(), "run-1"), false, Map.of())) {
      holder.awaitLine("held"::equals, Duration.ofMinutes(2));
      RunLock.HeldException refused = assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(home, "run-1"));
      assertTrue(refused.getMessage().startsWith("run run-1 is being run by another process (pid " + holder.pid() + " on "),
          refused.getMessage());
      assertTrue(refused.getMessage().contains("a run has one writer"), refused.getMessage());
      RunLock.acquire(home, "run-2").close(); // other runs are not affected
      holder.kill();
    }
    RunLock.acquire(home, "run-1").close();
  }

  @Test
  void aSecondHolderInTheSameProcessIsRefusedToo() {
    try (RunLock lock = RunLock.acquire(home, "run-1")) {
      assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(home, "run-1"));
    }
    RunLock.acquire(home, "run-1").close();
  }
}
