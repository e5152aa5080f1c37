package org.reflow.experiment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A run's writer across machines, on a PostgreSQL journal: a session-level advisory lock
 * ({@code pg_try_advisory_lock}) on the run's key, held by a connection of its own for as long as
 * the run or resume goes on. The server releases it when that session ends in any way (the
 * process killed, its machine gone, its network cut), so a crashed run never stays locked. Other
 * processes see who holds it in {@code pg_stat_activity} (host and pid, {@link
 * PostgresJournal#applicationName()}).
 */
final class RunLease implements AutoCloseable {

  private static final String HOLDER = "SELECT a.application_name, a.backend_start, a.client_addr"
      + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
      + " WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
      + " AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1";

  private final Connection connection;
  private final long key;

  private RunLease(Connection connection, long key) {
    this.connection = connection;
    this.key = key;
  }

  /** The lock key of a run: the first 8 bytes of SHA-256 of {@code "reflow-run:" + runId}. */
  static long key(String runId) {
    return PostgresJournal.key("reflow-run:" + runId);
  }

  /**
   * Takes the lease of {@code runId} on {@code database}, or fails at once if another session holds it.
   *
   * @throws RunLock.HeldException naming the process that holds it
   * @throws ReflowHomeException when the database cannot be used
   */
  static RunLease acquire(ReflowSettings.Database database, String runId) {
    long key = key(runId);
    Connection connection = PostgresJournal.connect(database);
    try {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement();
          ResultSet taken = statement.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
        taken.next();
        if (taken.getBoolean(1)) {
          return new RunLease(connection, key);
        }
      }
      String holder = holder(connection, key);
      connection.close();
      throw RunLock.held(runId, "another process (" + holder + ")");
    } catch (SQLException e) {
      closeQuietly(connection);
      throw PostgresJournal.cannotUse(database, e);
    }
  }

  /** "pid N on HOST since T" of the session holding {@code key}, as far as the server tells. */
  private static String holder(Connection connection, long key) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(HOLDER)) {
      query.setLong(1, key >>> 32);
      query.setLong(2, key & 0xffffffffL);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return "a session that has just let go";
        }
        String name = String.valueOf(row.getString(1));
        String who = name.startsWith("reflow ") ? name.substring("reflow ".length())
            : "a session '" + name + "' from " + row.getString(3);
        return who + " since " + row.getTimestamp(2).toInstant();
      }
    }
  }

  /** Lets the run go: unlocks, and ends the session (which would release it anyway). */
  @Override
  public void close() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_unlock(" + key + ")");
    } catch (SQLException e) {
      // A session that is gone holds nothing.
    } finally {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closed already.
    }
  }
}
