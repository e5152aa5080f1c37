package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalDatabaseTest {

  @TempDir Path dir;

  @Test
  void preparingAHomeAgainAndAgainLeavesOneWorkingJournal() throws Exception {
    Path home = dir.resolve("not/yet/there");
    ReflowSettings settings = settingsFor(home);
    JournalDatabase.open(settings).close();
    JournalDatabase.open(settings).close();
    assertTrue(Files.isRegularFile(home.resolve("reflow.mv.db")));

    try (ReflowSystem<Void> system = TestSystems.start(home)) {
      ActorTestKit kit = ActorTestKit.create(system.actorSystem());
      TestSystems.write(kit, kit.spawn(Notebook.create("n")), "kept");
    }
    try (ReflowSystem<Void> system = TestSystems.start(home)) {
      assertEquals(List.of("kept"), TestSystems.journalledNotes(system, "notebook|n"));
    }
  }

  @Test
  void aHomeUnderARegularFileFailsWithOneClearMessage() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "a file, not a directory");
    Path home = file.resolve("runs");

    ReflowHomeException under = assertThrows(ReflowHomeException.class, () -> TestSystems.start(home));
    assertEquals("REFLOW_HOME " + home + " cannot be created: " + file + " is a file, not a directory;"
        + " set REFLOW_HOME (or -Dreflow.home) to a directory reflow may write.", under.getMessage());

    ReflowHomeException itself = assertThrows(ReflowHomeException.class, () -> TestSystems.start(file));
    assertEquals("REFLOW_HOME " + file + " is a file, not a directory;"
        + " set REFLOW_HOME (or -Dreflow.home) to a directory reflow may write.", itself.getMessage());
  }

  @Test
  void aDatabaseHeldByAProcessWithoutAutoServerFailsWithOneClearMessage() throws Exception {
    try (ChildProcess holder = ChildProcess.java(HoldDatabaseWithoutAutoServer.class, List.of(dir.toString()), false, Map.of())) {
      holder.awaitLine("open"::equals, Duration.ofMinutes(2));

      ReflowHomeException e = assertThrows(ReflowHomeException.class, () -> TestSystems.start(dir));
      assertEquals("The journal database " + dir.resolve("reflow.mv.db") + " is held by another process that"
          + " opened it without AUTO_SERVER=TRUE (an H2 console, another tool): close that process, or add"
          + " AUTO_SERVER=TRUE to its JDBC url.", e.getMessage());
      holder.stdin().close();
      holder.awaitExit(0, Duration.ofMinutes(1));
    }
  }

  @Test
  void aFileThatIsNotAnH2DatabaseFailsWithOneClearMessage() throws Exception {
    Path database = Files.writeString(dir.resolve("reflow.mv.db"), "not a database");

    ReflowHomeException e = assertThrows(ReflowHomeException.class, () -> TestSystems.start(dir));
    assertTrue(e.getMessage().startsWith("The journal database " + database + " cannot be read by H2 2.2."), e.getMessage());
    assertTrue(e.getMessage().endsWith("another H2 version wrote it, or it is damaged. Move it aside to start an"
        + " empty journal, or set REFLOW_HOME (or -Dreflow.home) to a directory reflow may write."), e.getMessage());
  }

  private static ReflowSettings settingsFor(Path home) {
    return ReflowSettings.from(ReflowSystem.config(ConfigFactory.parseMap(Map.of("reflow.home", home.toString()))));
  }
}
