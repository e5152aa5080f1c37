package org.reflow.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.h2.engine.Constants;

/**
 * REFLOW_HOME and the journal's H2 database in it, made ready before the actor system starts:
 * the directory exists and is writable, and pekko-persistence-jdbc's tables exist. Any problem
 * surfaces here as one {@link ReflowHomeException}, not later as a Slick stack trace from inside
 * the journal.
 */
final class JournalDatabase {

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

  private JournalDatabase() {}

  /** Creates {@code settings.home()} if needed and the journal's tables if they do not exist. */
  static void prepare(ReflowSettings settings) {
    createHome(settings.home());
    // A server database (PostgreSQL) is provisioned by its operator with the plugin's script.
    if (settings.database().url().startsWith("jdbc:h2:")) {
      createTables(settings.database());
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

  private static void createTables(ReflowSettings.Database database) {
    try (Connection connection = connect(database.url(), database);
        Statement statement = connection.createStatement()) {
      for (String ddl : schemaStatements()) {
        statement.execute(ddl);
      }
    } catch (SQLException e) {
      throw cannotOpen(database.url(), e);
    }
  }

  /**
   * A plain JDBC connection to the journal at {@code url} (the configured one, or a variant of it)
   * with the journal's credentials: the one place outside the plugin that opens the database.
   */
  static Connection connect(String url, ReflowSettings.Database database) throws SQLException {
    return DriverManager.getConnection(url, database.user(), database.password());
  }

  /** The plugin's script as statements, each CREATE guarded by IF NOT EXISTS. */
  private static List<String> schemaStatements() {
    String guarded = UNGUARDED_CREATE.matcher(schemaScript()).replaceAll("CREATE $1$2 IF NOT EXISTS ");
    return Arrays.stream(guarded.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String schemaScript() {
    try (InputStream in = JournalDatabase.class.getClassLoader().getResourceAsStream(SCHEMA_SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_SCRIPT + " is not on the class path: the build lost the "
            + "pekko-persistence-jdbc jar; rebuild with 'mvn package'");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCHEMA_SCRIPT + " from the class path", e);
    }
  }

  static ReflowHomeException cannotOpen(String url, SQLException e) {
    String file = databaseFile(url);
    String h2Says = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    String message = switch (e.getErrorCode()) {
      case ErrorCode.DATABASE_ALREADY_OPEN_1 -> "The journal database " + file
          + " is held by another process that opened it without AUTO_SERVER=TRUE (an H2 console,"
          + " another tool): close that process, or add AUTO_SERVER=TRUE to its JDBC url.";
      case ErrorCode.FILE_VERSION_ERROR_1, ErrorCode.FILE_CORRUPTED_1, ErrorCode.IO_EXCEPTION_1 ->
          "The journal database " + file + " cannot be read by H2 " + Constants.VERSION + " (" + h2Says
              + "): another H2 version wrote it, or it is damaged. Move it aside to start an empty"
              + " journal, or " + CHANGE_HOME + ".";
      case ErrorCode.WRONG_USER_OR_PASSWORD -> "The journal database " + file + " was created with other"
          + " credentials than " + ReflowSettings.DATABASE_PATH + ".user and .password: configure"
          + " those it was created with, or " + CHANGE_HOME + ".";
      default -> "The journal database " + file + " cannot be opened or its tables created (" + h2Says
          + "): check " + ReflowSettings.DATABASE_PATH + ".url, or " + CHANGE_HOME + ".";
    };
    return new ReflowHomeException(message, e);
  }

  /** {@code jdbc:h2:file:/runs/reflow;AUTO_SERVER=TRUE} keeps its data in {@code /runs/reflow.mv.db}. */
  static String databaseFile(String url) {
    String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
    return (path.startsWith("file:") ? path.substring("file:".length()) : path) + ".mv.db";
  }
}
