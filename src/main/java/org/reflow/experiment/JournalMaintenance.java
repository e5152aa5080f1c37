package org.reflow.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.h2.api.ErrorCode;

/**
 * What is done to the journal below the actors, for keeping a home tidy: removing every event of
 * a forgotten run for good, and compacting the embedded H2 file. Both open the database as
 * {@link JournalDatabase} does, with the journal's own settings.
 */
public final class JournalMaintenance {

  /** The journal cannot be compacted now; the message says why and what to do. */
  public static final class Busy extends RuntimeException {
    Busy(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A compaction of {@code file}: its size before and after, and how long it took. */
  public record Compaction(Path file, long bytesBefore, long bytesAfter, Duration took) {}

  private JournalMaintenance() {}

  /**
   * Deletes every event and snapshot of {@code runId} in one transaction (event tags go with their
   * events); the run's history is then gone from the journal. The caller holds the run's
   * {@link RunLock}.
   *
   * @return how many events were deleted
   */
  public static int deleteRun(ReflowSettings settings, String runId) { // settings of a started ReflowSystem: with the secret
    String persistenceId = "experiment|" + runId;
    ReflowSettings.Database database = settings.database();
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password())) {
      connection.setAutoCommit(false);
      try (PreparedStatement snapshots = connection.prepareStatement("DELETE FROM \"snapshot\" WHERE \"persistence_id\" = ?");
          PreparedStatement events = connection.prepareStatement("DELETE FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
        snapshots.setString(1, persistenceId);
        snapshots.executeUpdate();
        events.setString(1, persistenceId);
        int deleted = events.executeUpdate();
        connection.commit();
        return deleted;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete the events of run " + runId + " from the journal ("
          + e.getMessage().lines().findFirst().orElse("") + "); nothing was deleted, run 'reflow gc' again", e);
    }
  }

  /**
   * Rewrites the embedded H2 journal file without its free space ({@code SHUTDOWN COMPACT}). The
   * database is opened without AUTO_SERVER, so H2's own file lock refuses while any other process
   * has it open; the caller holds every run's {@link RunLock} so no run starts meanwhile.
   *
   * @throws Busy when another process has the journal open
   * @throws IllegalArgumentException when the journal is not an embedded H2 file
   */
  public static Compaction compact(ReflowSettings settings) {
    ReflowSettings.Database database = settings.database();
    if (!database.url().startsWith("jdbc:h2:file:")) {
      throw new IllegalArgumentException("the journal is " + database.url() + ", not an embedded H2 file:"
          + " compact its database with its own tools (PostgreSQL: VACUUM FULL)");
    }
    Path file = Path.of(database.location());
    if (!Files.isRegularFile(file)) {
      return new Compaction(file, 0, 0, Duration.ZERO);
    }
    String exclusive = database.url().replaceAll("(?i);AUTO_SERVER=TRUE", "");
    Instant start = Instant.now();
    long before = size(file);
    H2Connections.bindServersToLoopback();
    // Under the opening lock no other process starts opening the journal while it is compacted.
    try (JournalOpenLock opening = JournalOpenLock.acquire(settings.home());
        Connection connection = H2Connections.connectWithSecret(new ReflowSettings.Database(exclusive,
            database.user(), JournalSecret.readOrCreate(settings.home()).value()));
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN COMPACT");
    } catch (SQLException e) {
      if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        throw new Busy("the journal " + file + " is open in another process (a run, a resume, or a reflow command"
            + " reading it, such as serve or lineage): compact needs it to itself; run it again once that process"
            + " has ended", e);
      }
      throw H2Connections.cannotOpen(database.url(), settings.home(), e);
    }
    return new Compaction(file, before, size(file), Duration.between(start, Instant.now()));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }
}
