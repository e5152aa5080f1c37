package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;

/**
 * The PostgreSQL database the tests that need one use: {@value #URL} (with REFLOW_DB_USER and
 * REFLOW_DB_PASSWORD or REFLOW_DB_PASSWORD_FILE), set by {@code .ci/run} or by
 * {@code eval "$(ops/postgres)"}. A test that needs it fails, saying so, when it is not set.
 */
public final class TestPostgres {

  /** The environment variable naming the test database. */
  public static final String URL = "REFLOW_TEST_POSTGRES_URL";

  /** The journal's tables, as the plugin's script creates them, and its indexes. */
  static final String[] RELATIONS = {"event_journal", "event_journal_ordering_idx", "event_tag", "snapshot", "durable_state",
      "state_tag_idx", "state_global_offset_idx"};

  private TestPostgres() {}

  /** The test database's url; fails the test when none is set. */
  public static String url() {
    String url = System.getenv(URL);
    if (url == null || url.isBlank()) {
      fail("this test needs PostgreSQL and " + URL + " is not set: run .ci/run, or start one with"
          + " eval \"$(ops/postgres)\" and run the test again");
    }
    return url;
  }

  /** The test database with the role and password of the environment. */
  public static ReflowSettings.Database database() {
    return new ReflowSettings.Database(url(), Objects.requireNonNullElse(System.getenv("REFLOW_DB_USER"), "reflow"),
        JournalCredentials.password(System.getenv()));
  }

  /** Overrides that put a reflow system's home in {@code home} and its journal in the test database. */
  public static Config overrides(Path home) {
    return ConfigFactory.parseMap(Map.of("reflow.home", home.toString(), JournalUrl.PATH, url()));
  }

  /** Settings of a system on {@code home} with its journal in the test database, password included. */
  public static ReflowSettings settings(Path home) {
    return ReflowSettings.from(ReflowSystem.config(overrides(home))).withDatabase(database());
  }

  /** Drops the journal's tables: the next reflow to open the database finds it empty. */
  static void dropTables() throws SQLException {
    execute("DROP TABLE IF EXISTS event_tag, event_journal, snapshot, durable_state");
  }

  /** Empties the journal's tables (made first if the database has none). */
  static void truncate() throws SQLException {
    PostgresJournal.prepare(database());
    execute("SET lock_timeout = '60s'; TRUNCATE event_tag, event_journal, snapshot, durable_state RESTART IDENTITY");
  }

  static Connection connect() {
    return PostgresJournal.connect(database());
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
