package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's log takes System.err while open, and a log left by a killed run (text, then its reserve) is continued after its text. */
class RunLogTest {

  @TempDir Path home;

  @Test
  void whatIsPrintedToSystemErrGoesToTheLogAndAKilledRunsReserveIsTrimmed() throws Exception {
    Path file = home.resolve("logs").resolve("run-1.log");
    Files.createDirectories(file.getParent());
    byte[] text = "first attempt\n".getBytes(StandardCharsets.UTF_8);
    byte[] killed = new byte[text.length + 64 * 1024]; // what SIGKILL leaves: the text, then the unused reserve
    System.arraycopy(text, 0, killed, 0, text.length);
    Files.write(file, killed);

    PrintStream terminal = System.err;
    try (RunLog log = RunLog.open(home, "run-1")) {
      assertEquals(file, log.file().orElseThrow());
      assertSame(terminal, log.terminal());
      System.err.println("a library's warning");
      assertTrue(Files.size(file) > 64 * 1024, "the reserve is taken while the run goes");
    }
    assertSame(terminal, System.err, "closing gives System.err back");
    String content = Files.readString(file);
    assertTrue(content.startsWith("first attempt\n--- "), content);
    assertTrue(content.endsWith("a library's warning\n"), content);
    assertFalse(content.contains("\0"), "no reserve left behind, neither the killed run's nor this one's");
  }

  @Test
  void aPasswordInWhatALibraryLogsReachesTheLogMaskedEvenWhenWrittenInPieces() throws Exception {
    try (RunLog log = RunLog.open(home, "run-1")) {
      System.err.print("Cannot connect to jdbc:postgresql://db/reflow?user=reflow&pass");
      System.err.print("word=Zq8-s3cr");
      System.err.println("et-77 (refused)");
      new IllegalStateException("pool: {url=jdbc:postgresql://db/reflow, password=Zq8-s3cret-88}").printStackTrace();
    }
    String content = Files.readString(home.resolve("logs").resolve("run-1.log"));
    assertTrue(content.contains("jdbc:postgresql://db/reflow?user=reflow&password=*** (refused)"), content);
    assertTrue(content.contains("password=***}") && content.contains("at org.reflow.cli.RunLogTest"), content);
    assertFalse(content.contains("Zq8"), content);
  }
}
