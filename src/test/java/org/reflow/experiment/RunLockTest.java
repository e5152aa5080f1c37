package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    Process holder = ChildJvm.start(HoldRunLock.class, home.toString(), "run-1");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("held", out.readLine());
      RunLock.HeldException refused = assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(home, "run-1"));
      assertTrue(refused.getMessage().startsWith("run run-1 is being run by another process (pid " + holder.pid() + " on "),
          refused.getMessage());
      assertTrue(refused.getMessage().contains("a run has one writer"), refused.getMessage());
      RunLock.acquire(home, "run-2").close(); // other runs are not affected
    } finally {
      holder.destroyForcibly();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
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
