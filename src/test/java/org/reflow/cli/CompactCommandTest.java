package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.Event;
import org.reflow.experiment.HoldJournalOpen;

/**
 * {@code reflow compact} on a real home: refused while another process writes a run or has the
 * journal open (nothing changes), and once alone it shrinks a journal that gc made sparse, keeping
 * every remaining event.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CompactCommandTest {

  @TempDir Path home;

  @Test
  void compactIsRefusedWhileAnotherProcessHoldsARunsLockOrTheJournalAndThenShrinksTheJournal() throws Exception {
    List<String> ids = TwinRuns.copyTo(home);
    Path journal = home.resolve("reflow.mv.db");

    try (ChildProcess writer = RmAndGcCommandTest.holdRunLock(home, ids.get(1))) {
      String refusal = RmAndGcCommandTest.refused(1, "compact", "--home", home.toString());
      assertTrue(refusal.startsWith("not compacted: run " + ids.get(1) + " is being run by another process (pid " + writer.pid()), refusal);
    }

    try (ChildProcess reader = ChildProcess.java(HoldJournalOpen.class, List.of(home.toString()), false, Map.of())) {
      reader.awaitLine("open"::equals, Duration.ofMinutes(2));
      long size = Files.size(journal);
      String refusal = RmAndGcCommandTest.refused(1, "compact", "--home", home.toString());
      assertTrue(refusal.startsWith("not compacted: the journal " + journal + " is open in another process"), refusal);
      assertEquals(size, Files.size(journal));
      reader.stdin().close();
      reader.awaitExit(0, Duration.ofMinutes(1));
    }

    Cli.expect(0, "rm", ids.get(0), "--home", home.toString());
    Cli.expect(0, "gc", "--home", home.toString());
    Map<String, List<Event>> kept = TwinRuns.events(home);
    long before = Files.size(journal);
    String out = Cli.expect(0, "compact", "--home", home.toString());
    long after = Files.size(journal);
    System.out.println("compact of a two-run home after rm + gc of one run: " + out.strip());
    assertTrue(after < before, "the journal shrinks: " + before + " -> " + after + " bytes; " + out);
    assertTrue(out.startsWith("compacted " + journal + ": "), out);
    assertEquals(kept, TwinRuns.events(home), "every remaining event is still there");
    assertEquals(Set.of(ids.get(1)), kept.keySet());
    assertTrue(Cli.expect(0, "runs", "--home", home.toString()).contains(ids.get(1)));
  }
}
