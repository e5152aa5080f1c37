package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on PostgreSQL ({@value TestPostgres#URL}; run by {@code .ci/run}, not by a plain
 * {@code mvn test}): its tables made on first use from the plugin's script, by one of several
 * processes starting together, and a refused login told in one paragraph without the password.
 */
class JournalOnPostgresTest {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path home;

  @Test
  void anEmptyDatabaseGetsThePluginsTablesOnFirstUseAndKeepsItsEventsOnTheNext() throws Exception {
    TestPostgres.dropTables();
    try (ReflowSystem<Void> system = ReflowSystem.start(org.apache.pekko.actor.typed.javadsl.Behaviors.empty(),
        TestPostgres.overrides(home))) {
      assertEquals(List.of(), missingRelations());
      ActorTestKit kit = ActorTestKit.create(system.actorSystem());
      TestSystems.write(kit, kit.spawn(Notebook.create("pg")), "made on first use");
    }
    try (ReflowSystem<Void> again = ReflowSystem.start(org.apache.pekko.actor.typed.javadsl.Behaviors.empty(),
        TestPostgres.overrides(home))) {
      assertEquals(List.of("made on first use"), TestSystems.journalledNotes(again, "notebook|pg"));
    }
  }

  @Test
  void processesOpeningAnEmptyDatabaseAtTheSameInstantAllSucceed() throws Exception {
    TestPostgres.dropTables();
    long at = System.currentTimeMillis() + 8_000; // every child is loaded and waiting by then
    List<ChildProcess> children = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        children.add(ChildProcess.java(OpenJournalAt.class, List.of(home.resolve("home-" + i).toString(), Long.toString(at)),
            true, Map.of()));
      }
      for (ChildProcess child : children) {
        assertTrue(child.awaitExit(0, WAIT).contains("opened"));
      }
    } finally {
      for (ChildProcess child : children) {
        child.close();
      }
    }
    assertEquals(List.of(), missingRelations());
  }

  @Test
  void aDatabaseWithSomeOfTheTablesGetsTheRestAndKeepsWhatItHad() throws Exception {
    try (ReflowSystem<Void> system = ReflowSystem.start(org.apache.pekko.actor.typed.javadsl.Behaviors.empty(),
        TestPostgres.overrides(home))) {
      ActorTestKit kit = ActorTestKit.create(system.actorSystem());
      TestSystems.write(kit, kit.spawn(Notebook.create("kept")), "written before");
    }
    try (Connection connection = TestPostgres.connect(); java.sql.Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE durable_state"); // with its two indexes: the script's last three statements
    }
    try (ReflowSystem<Void> again = ReflowSystem.start(org.apache.pekko.actor.typed.javadsl.Behaviors.empty(),
        TestPostgres.overrides(home))) {
      assertEquals(List.of(), missingRelations());
      assertEquals(List.of("written before"), TestSystems.journalledNotes(again, "notebook|kept"));
    }
  }

  @Test
  void aRefusedLoginIsOneParagraphNamingTheServerAndWhatToCheckWithoutThePassword() {
    ReflowSettings.Database right = TestPostgres.database();
    String wrong = "not-the-password-" + System.nanoTime();
    ReflowHomeException e = assertThrows(ReflowHomeException.class,
        () -> PostgresJournal.prepare(new ReflowSettings.Database(right.url(), right.user(), wrong)));
    assertTrue(e.getMessage().startsWith("The PostgreSQL journal " + PostgresJournal.server(right.url())
        + " refused the login of role '" + right.user() + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("REFLOW_DB_PASSWORD_FILE"), e.getMessage());
    assertFalse(e.getMessage().contains(wrong), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  private static List<String> missingRelations() throws Exception {
    List<String> missing = new ArrayList<>();
    try (Connection connection = TestPostgres.connect();
        PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      for (String relation : TestPostgres.RELATIONS) {
        exists.setString(1, "public." + relation);
        try (ResultSet result = exists.executeQuery()) {
          result.next();
          if (!result.getBoolean(1)) {
            missing.add(relation);
          }
        }
      }
    }
    return missing;
  }
}
