package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --journal URL} on the command line: never with a password; a server that is not there said in one paragraph. */
class JournalOptionTest {

  @TempDir Path home;

  @Test
  void aJournalUrlWithAPasswordIsRefusedBeforeAnythingOpensAndTheOutputNeverShowsIt() {
    for (String command : new String[] {"runs", "resume", "lineage"}) {
      String[] args = command.equals("runs")
          ? new String[] {command, "--home", home.toString(), "--journal", "jdbc:postgresql://db:5432/reflow?password=hunter2"}
          : new String[] {command, "some-id", "--home", home.toString(), "--journal", "jdbc:postgresql://db:5432/reflow?password=hunter2"};
      Cli.Result result = Cli.run(args);
      assertEquals(2, result.code(), result.out() + result.err());
      assertTrue(result.err().startsWith("--journal: The journal url jdbc:postgresql://db:5432/reflow?password=*** carries a password"),
          result.err());
      assertTrue(result.err().contains("REFLOW_DB_PASSWORD_FILE"), result.err());
      assertFalse((result.out() + result.err()).contains("hunter2"), result.out() + result.err());
    }
    assertFalse(Files.exists(home.resolve("reflow.mv.db")), "nothing was opened");
  }

  @Test
  void aServerThatDoesNotAnswerIsOneParagraphNamingHostPortAndDatabaseWithoutAStackTrace() {
    Cli.Result result = Cli.run("runs", "--home", home.toString(), "--journal", "jdbc:postgresql://127.0.0.1:1/journal_nowhere");
    assertEquals(1, result.code(), result.out() + result.err());
    assertTrue(result.err().startsWith("The PostgreSQL journal 127.0.0.1:1/journal_nowhere cannot be reached ("), result.err());
    assertTrue(result.err().contains("check that the server runs"), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
    assertEquals("", result.out());
  }
}
