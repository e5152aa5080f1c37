package org.reflow.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * REFLOW_HOME and the journal's database (H2 in it, or PostgreSQL by {@link JournalUrl}), opened before the actor system starts and kept
 * open until it has stopped: the directory exists and is writable, the home's secret exists, and
 * pekko-persistence-jdbc's tables exist. Any problem surfaces here as one
 * {@link ReflowHomeException}, not later as a Slick stack trace from inside the journal.
 *
 * <p>How a process opens the journal of a home (every reflow command does it this way, through
 * {@link ReflowSystem#start}): it takes {@link JournalOpenLock}, reads (or creates)
 * {@link JournalSecret}, and connects with the secret as the H2 password. The first process to
 * connect opens the file and serves it (AUTO_SERVER, on loopback only); every later one connects
 * to that server, which asks for the same secret. The connection made here stays open until
 * {@link #close()}, so the journal's own connections never race another process's opening. A
 * home made before the secret existed has an empty password: it is set to the secret on first
 * opening.
 */
public final class JournalDatabase implements AutoCloseable {

  /** The plugin's own H2 schema, read from its jar so the tables match the plugin that writes them. */
  private static final String SCHEMA_SCRIPT = "schema/h2/h2-create-schema.sql";

  /**
   * The script guards its tables with IF NOT EXISTS but not its unique index on "ordering" (H2
   * then fails with 42111 on the second start); guarding every CREATE makes it safe to run on
   * every start, from any number of processes.
   */
  private static final Pattern UNGUARDED_CREATE =
      Pattern.compile("(?i)\\bCREATE\\s+(UNIQUE\\s+)?(TABLE|INDEX|SEQUENCE)\\s+(?!IF\\s+NOT\\s+EXISTS\\b)");

  private static final String CHANGE_HOME = "set REFLOW_HOME (or -Dreflow.home) to a directory reflow may write";

  private final ReflowSettings settings;
  private final Optional<Connection> held;

  private JournalDatabase(ReflowSettings settings, Optional<Connection> held) {
    this.settings = settings;
    this.held = held;
  }

  /**
   * Creates {@code settings.home()} if needed and the journal's tables if they do not exist; for
   * H2 also the home's secret, and holds the journal open. For PostgreSQL the password comes from
   * {@link JournalCredentials} and the tables from {@link PostgresJournal}.
   *
   * @throws ReflowHomeException if the home or its journal cannot be used
   */
  public static JournalDatabase open(ReflowSettings settings) {
    createHome(settings.home());
    if (!settings.database().url().startsWith("jdbc:h2:")) {
      ReflowSettings.Database database = settings.database().withPassword(JournalCredentials.password(System.getenv()));
      PostgresJournal.prepare(database);
      return new JournalDatabase(settings.withDatabase(database), Optional.empty());
    }
    H2Connections.bindServersToLoopback();
    try (JournalOpenLock opening = JournalOpenLock.acquire(settings.home())) {
      JournalSecret secret = JournalSecret.readOrCreate(settings.home());
      ReflowSettings.Database database = settings.database().withPassword(secret.value());
      Connection connection = H2Connections.connect(database, settings.home());
      try {
        createTables(connection);
      } catch (SQLException e) {
        closeQuietly(connection);
        throw H2Connections.cannotOpen(database.url(), settings.home(), e);
      }
      ownerOnly(settings.home());
      return new JournalDatabase(settings.withDatabase(database), Optional.of(connection));
    }
  }

  /**
   * The settings the journal is opened with: the database password is the home's secret (H2) or
   * the one {@link JournalCredentials} read (PostgreSQL).
   */
  public ReflowSettings settings() {
    return settings;
  }

  /** Lets the journal go: the last connection of the process that serves it closes the file. */
  @Override
  public void close() {
    held.ifPresent(JournalDatabase::closeQuietly);
  }

  /**
   * The journal's files are the run's whole history, readable without the secret: owner-only, like
   * the secret, whatever the umask gave them (a home shared with a group shares its artifacts and
   * reports, not the journal). Best effort on file systems without POSIX permissions.
   */
  private static void ownerOnly(Path home) {
    for (String name : new String[] {"reflow.mv.db", "reflow.lock.db"}) {
      Path file = home.resolve(name);
      try {
        if (Files.exists(file)) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
      } catch (UnsupportedOperationException | IOException e) {
        // no POSIX permissions here, or the file went with its process: nothing to narrow
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // A connection to a server that has gone is closed already.
    }
  }

  private static void createHome(Path home) {
    Path existing = home;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw new ReflowHomeException("REFLOW_HOME " + home
          + (existing.equals(home) ? " is a file" : " cannot be created: " + existing + " is a file")
          + ", not a directory; " + CHANGE_HOME + ".");
    }
    try {
      Files.createDirectories(home);
    } catch (AccessDeniedException e) {
      throw new ReflowHomeException("REFLOW_HOME " + home + " cannot be created: permission denied on "
          + e.getFile() + "; " + CHANGE_HOME + ".", e);
    } catch (IOException e) {
      throw new ReflowHomeException("REFLOW_HOME " + home + " cannot be created (" + e + "); " + CHANGE_HOME + ".", e);
    }
    if (onReadOnlyFileSystem(home)) {
      throw new ReflowHomeException("REFLOW_HOME " + home + " is on a read-only file system: remount it read-write,"
          + " or " + CHANGE_HOME + ".");
    }
    if (!Files.isWritable(home)) {
      throw new ReflowHomeException("REFLOW_HOME " + home + " is not writable by user "
          + System.getProperty("user.name") + ": make it writable, or " + CHANGE_HOME + ".");
    }
  }

  private static boolean onReadOnlyFileSystem(Path home) {
    try {
      return Files.getFileStore(home).isReadOnly();
    } catch (IOException e) {
      return false; // then the writability check below speaks
    }
  }

  private static void createTables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : schemaStatements()) {
        statement.execute(ddl);
      }
    }
  }

  /** The plugin's script as statements, each CREATE guarded by IF NOT EXISTS. */
  private static List<String> schemaStatements() {
    String guarded = UNGUARDED_CREATE.matcher(schemaScript(SCHEMA_SCRIPT)).replaceAll("CREATE $1$2 IF NOT EXISTS ");
    return Arrays.stream(guarded.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** A script of the plugin's jar, such as its schema for one database. */
  static String schemaScript(String resource) {
    try (InputStream in = JournalDatabase.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path: the build lost the "
            + "pekko-persistence-jdbc jar; rebuild with 'mvn package'");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the class path", e);
    }
  }
}
