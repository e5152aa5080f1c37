package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalUrlTest {

  private static final String DB = ReflowSettings.DATABASE_PATH;

  @Test
  void aUrlWithAPasswordIsRefusedPointingToTheVariablesAndNeverEchoesIt() {
    for (String url : List.of("jdbc:postgresql://db:5432/reflow?password=hunter2",
        "jdbc:postgresql://db/reflow?user=r&PASSWORD=hunter2&ssl=true")) {
      String problem = JournalUrl.problem(url).orElseThrow();
      assertTrue(problem.contains("REFLOW_DB_PASSWORD") && problem.contains("REFLOW_DB_PASSWORD_FILE"), problem);
      assertFalse(problem.contains("hunter2"), problem);
      ReflowHomeException e = assertThrows(ReflowHomeException.class,
          () -> ReflowSystem.config(ConfigFactory.parseMap(Map.of(JournalUrl.PATH, url))));
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
    assertEquals("jdbc:postgresql://db/reflow?user=r&password=***&ssl=true",
        JournalUrl.redacted("jdbc:postgresql://db/reflow?user=r&password=hunter2&ssl=true"));
  }

  @Test
  void onlyPostgresUrlsNameAJournal() {
    assertEquals(Optional.empty(), JournalUrl.problem("jdbc:postgresql://db:5432/reflow"));
    assertTrue(JournalUrl.problem("jdbc:mysql://db/reflow").orElseThrow().contains("is not a PostgreSQL url"));
  }

  @Test
  void aPostgresUrlSwitchesTheSharedDatabaseAndAnEmptyOneKeepsTheHomesH2() {
    Config postgres = ReflowSystem.config(ConfigFactory.parseMap(Map.of(JournalUrl.PATH, "jdbc:postgresql://db:5432/reflow",
        "reflow.journal.user", "journal")));
    assertEquals("slick.jdbc.PostgresProfile$", postgres.getString("pekko-persistence-jdbc.shared-databases.reflow.profile"));
    assertEquals("org.postgresql.Driver", postgres.getString(DB + ".driver"));
    assertEquals(new ReflowSettings.Database("jdbc:postgresql://db:5432/reflow", "journal", ""),
        ReflowSettings.from(postgres).database());
    assertEquals(4, postgres.getInt(DB + ".maxConnections"), "the pool settings are kept");

    Config h2 = ReflowSystem.config(ConfigFactory.parseMap(Map.of(JournalUrl.PATH, "")));
    assertTrue(ReflowSettings.from(h2).database().url().startsWith("jdbc:h2:file:"));
  }
}
