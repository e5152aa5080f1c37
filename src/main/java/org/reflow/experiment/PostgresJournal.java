package org.reflow.experiment;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A journal on PostgreSQL: connections that say who opened them (host and pid, in
 * {@code pg_stat_activity.application_name}), the plugin's own tables created on first use, and
 * every failure turned into one paragraph that names the server and what to check, without the
 * password.
 *
 * <p>The tables come from the plugin's script inside its jar, run statement by statement in
 * autocommit ({@code CREATE INDEX CONCURRENTLY} refuses a transaction), each CREATE guarded by IF
 * NOT EXISTS, under a session advisory lock (taken by polling, see {@link #lockSchema}) so that
 * processes starting together on an empty database create them once. A database whose tables exist is only checked: a role without the
 * right to create tables can use one its owner prepared.
 */
final class PostgresJournal {

  /** The plugin's PostgreSQL schema, read from its jar so the tables match the plugin that writes them. */
  static final String SCHEMA_SCRIPT = "schema/postgres/postgres-create-schema.sql";

  /** The advisory lock processes take to create the tables: one per database. */
  static final long SCHEMA_LOCK = key("reflow-schema");

  /** How long a process waits for another to finish creating the tables. */
  private static final Duration SCHEMA_WAIT = Duration.ofSeconds(120);

  private static final Pattern UNGUARDED_INDEX =
      Pattern.compile("(?i)\\bCREATE\\s+(UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?!IF\\s+NOT\\s+EXISTS\\b)");

  private static final Pattern CREATED = Pattern.compile(
      "(?i)\\bCREATE\\s+(?:UNIQUE\\s+)?(?:TABLE|INDEX)\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?([\\w.]+)");

  private PostgresJournal() {}

  /** Connects, creates the journal's tables if they are missing, and lets go. */
  static void prepare(ReflowSettings.Database database) {
    try (Connection connection = connect(database)) {
      createTables(connection);
    } catch (SQLException e) {
      throw cannotUse(database, e);
    }
  }

  /** A connection with {@code database}'s credentials, named after this process in pg_stat_activity. */
  static Connection connect(ReflowSettings.Database database) {
    Properties properties = new Properties();
    properties.setProperty("user", database.user());
    properties.setProperty("password", database.password());
    properties.setProperty("ApplicationName", applicationName());
    properties.setProperty("connectTimeout", "10");
    try {
      return DriverManager.getConnection(database.url(), properties);
    } catch (SQLException e) {
      throw cannotUse(database, e);
    }
  }

  /** {@code reflow pid N on HOST}: who holds a connection, as other processes read it. */
  static String applicationName() {
    String name = "reflow pid " + ProcessHandle.current().pid() + " on "
        + ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
    return name.length() <= 63 ? name : name.substring(0, 63); // PostgreSQL keeps 63 bytes
  }

  /** The first 8 bytes of SHA-256 of {@code name}: an advisory lock key. */
  static long key(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (digest[i] & 0xff);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static void createTables(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    List<String> statements = schemaStatements();
    if (allExist(connection, statements)) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      lockSchema(statement);
      try {
        for (String ddl : statements) {
          statement.execute(ddl);
        }
      } finally {
        statement.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
      }
    }
  }

  /**
   * Takes {@link #SCHEMA_LOCK}, trying again every 100 ms. Not {@code pg_advisory_lock}: a session
   * waiting in it is a running transaction, and the holder's {@code CREATE INDEX CONCURRENTLY} waits
   * for every older transaction to end (a deadlock the server detected in the racing-processes test).
   */
  private static void lockSchema(Statement statement) throws SQLException {
    long deadline = System.nanoTime() + SCHEMA_WAIT.toNanos();
    while (true) {
      try (ResultSet taken = statement.executeQuery("SELECT pg_try_advisory_lock(" + SCHEMA_LOCK + ")")) {
        taken.next();
        if (taken.getBoolean(1)) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new SQLException("another session has been creating the journal's tables for over " + SCHEMA_WAIT.toSeconds()
            + " s (see pg_stat_activity)", "55P03");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting to create the journal's tables", "57014", e);
      }
    }
  }

  /** Whether every table and index the script creates is there already. */
  private static boolean allExist(Connection connection, List<String> statements) throws SQLException {
    try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      for (String ddl : statements) {
        Matcher created = CREATED.matcher(ddl);
        if (!created.find()) {
          continue;
        }
        String name = created.group(1);
        exists.setString(1, name.contains(".") ? name : "public." + name);
        try (ResultSet result = exists.executeQuery()) {
          if (!result.next() || !result.getBoolean(1)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** The plugin's script as statements, each CREATE INDEX guarded by IF NOT EXISTS. */
  static List<String> schemaStatements() {
    String guarded = UNGUARDED_INDEX.matcher(JournalDatabase.schemaScript(SCHEMA_SCRIPT))
        .replaceAll("CREATE $1INDEX $2IF NOT EXISTS ");
    return Arrays.stream(guarded.split(";"))
        .map(s -> s.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip())
        .filter(s -> !s.isEmpty()).toList();
  }

  /** {@code host:port/database} of the url, for messages. */
  static String server(String url) {
    String rest = url.substring("jdbc:postgresql://".length()).split("\\?", 2)[0];
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String name = slash < 0 ? "" : rest.substring(slash + 1);
    return (hosts.contains(":") ? hosts : hosts + ":5432") + "/" + name;
  }

  /** The failure of a connection or of creating the tables, as one paragraph that says what to check. */
  static ReflowHomeException cannotUse(ReflowSettings.Database database, SQLException e) {
    String server = server(database.url());
    String role = "'" + database.user() + "'";
    String cause = scrub(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), database);
    String state = String.valueOf(e.getSQLState());
    String message;
    if (state.startsWith("28")) {
      message = "The PostgreSQL journal " + server + " refused the login of role " + role + " (" + cause + "): check"
          + " REFLOW_DB_USER and the password in " + JournalCredentials.PASSWORD + " or " + JournalCredentials.PASSWORD_FILE
          + ", and that the server's pg_hba.conf admits this host for that role.";
    } else if (state.startsWith("08")) {
      message = "The PostgreSQL journal " + server + " cannot be reached (" + cause + "): check that the server runs"
          + " (ops/postgres starts a local one), that host and port in the journal url (--journal or REFLOW_JOURNAL_URL)"
          + " are right, and that the server listens on that address and a firewall lets this machine in.";
    } else if (state.equals("3D000")) {
      message = "The PostgreSQL server " + server.substring(0, server.indexOf('/')) + " has no database '"
          + server.substring(server.indexOf('/') + 1) + "' (" + cause + "): create it owned by role " + role
          + " (ops/postgres does), or fix the database name in the journal url.";
    } else if (state.equals("42501")) {
      message = "Role " + role + " may not create the journal's tables in " + server + " (" + cause + "): make it the"
          + " database's owner (ops/postgres does), or have the owner create them once with the plugin's script "
          + SCHEMA_SCRIPT + "; reflow then only checks that they exist.";
    } else {
      message = "The PostgreSQL journal " + server + " cannot be used (" + state + ": " + cause + "): check the journal"
          + " url (--journal or REFLOW_JOURNAL_URL), the server's log, and that role " + role + " owns the database.";
    }
    return new ReflowHomeException(message, e);
  }

  /** A server's message, without the password should it ever echo it. */
  private static String scrub(String text, ReflowSettings.Database database) {
    String redacted = JournalUrl.redacted(text);
    return database.password().isEmpty() ? redacted : redacted.replace(database.password(), "***");
  }
}
