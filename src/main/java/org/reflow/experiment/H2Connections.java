package org.reflow.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.h2.api.ErrorCode;
import org.h2.engine.Constants;
import org.h2.engine.SysProperties;

/**
 * The first connection of a process to the home's H2 journal, made under {@link JournalOpenLock}:
 * with the home's secret (setting it on a home made before secrets existed), on H2 servers bound to
 * loopback, retried while other processes are opening or closing the file, and every failure
 * turned into a message a person can act on. Messages never carry the secret.
 */
final class H2Connections {

  /** How long a first connection is retried while H2's lock file is changing under it. */
  static final Duration RETRY_FOR = Duration.ofSeconds(30);

  /** The address H2's servers (AUTO_SERVER and the FILE_LOCK=SOCKET socket) bind to. */
  private static final String LOOPBACK = "127.0.0.1";

  private static final String BIND_PROPERTY = "h2.bindAddress";

  /**
   * What H2's lock-file protocol says while another process is creating, serving or deleting the
   * lock file ("Error opening database: ..."): each passes once that process is done.
   */
  private static final List<String> PASSING_REASONS = List.of(
      "Lock file recently modified", "Concurrent update", "Another process was faster", "Could not load properties");

  private static final String CHANGE_HOME = "set REFLOW_HOME (or -Dreflow.home) to a directory reflow may write";

  private H2Connections() {}

  /**
   * Binds the servers H2 starts in this process to loopback: H2 reads {@code h2.bindAddress} once,
   * when it first loads, so this runs before any connection; an address set by -D is kept if it is
   * loopback and refused otherwise.
   */
  static void bindServersToLoopback() {
    System.getProperties().putIfAbsent(BIND_PROPERTY, LOOPBACK);
    String bound = String.valueOf(SysProperties.BIND_ADDRESS);
    boolean loopback;
    try {
      loopback = InetAddress.getByName(bound).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new ReflowHomeException("H2 would serve the journal on " + bound + ", not on loopback ("
          + BIND_PROPERTY + " was set to it, or H2 was loaded before reflow set it): the journal is served to"
          + " this machine only; remove -D" + BIND_PROPERTY + " or set it to " + LOOPBACK + ".");
    }
  }

  /**
   * Connects to the journal with {@code database}'s password (the home's secret), retrying for
   * {@link #RETRY_FOR} while other processes open or close it.
   */
  static Connection connect(ReflowSettings.Database database, Path home) {
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    long pauseMillis = 50;
    while (true) {
      try {
        return connectWithSecret(database);
      } catch (SQLException e) {
        if (!passes(e, lockFile(database.url()))) {
          throw cannotOpen(database.url(), home, e);
        }
        if (System.nanoTime() > deadline) {
          throw stillChanging(database.url(), e);
        }
      }
      sleep(pauseMillis);
      pauseMillis = Math.min(2 * pauseMillis, 1000);
    }
  }

  /**
   * With the secret; a journal that refuses it but accepts the empty password was made before
   * homes had secrets and gets the secret as its password now (once, under the opening lock).
   */
  static Connection connectWithSecret(ReflowSettings.Database database) throws SQLException {
    try {
      return DriverManager.getConnection(database.url(), database.user(), database.password());
    } catch (SQLException refused) {
      if (refused.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
        throw refused;
      }
      Connection legacy;
      try {
        legacy = DriverManager.getConnection(database.url(), database.user(), "");
      } catch (SQLException alsoRefused) {
        throw alsoRefused.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD ? refused : alsoRefused;
      }
      try (PreparedStatement setSecret = legacy.prepareStatement("SET PASSWORD ?")) {
        setSecret.setString(1, database.password());
        setSecret.execute();
      } catch (SQLException e) {
        legacy.close();
        throw e;
      }
      return legacy;
    }
  }

  /** Whether {@code e} is one that passes once other processes have opened or closed the journal. */
  private static boolean passes(SQLException e, Path lockFile) {
    return switch (e.getErrorCode()) {
      case ErrorCode.ERROR_OPENING_DATABASE_1 -> PASSING_REASONS.stream().anyMatch(String.valueOf(e.getMessage())::contains);
      // The server went away between reading the lock file and connecting: its process just ended.
      case ErrorCode.CONNECTION_BROKEN_1 -> true;
      case ErrorCode.DATABASE_ALREADY_OPEN_1 -> lockedByDeadProcessElsewhere(e, lockFile) || startingItsServer(lockFile);
      default -> false;
    };
  }

  /**
   * H2 refused without naming a server to connect to, and the lock is a socket lock: the process
   * that holds it was still starting its server when H2 looked (one not under the opening lock: an
   * older reflow, or one reconnecting after the serving process ended). The next try finds the
   * server. A process that opened the file without AUTO_SERVER (an H2 console) holds a "file" lock.
   */
  private static boolean startingItsServer(Path lockFile) {
    return "socket".equals(read(lockFile).getProperty("method"));
  }

  /**
   * H2 refuses a socket lock written for another address ("Locked by another computer"): the lock
   * file a killed reflow of an earlier version left, bound to the machine's network address. If
   * nothing listens there any more, its process is gone: the file is deleted and opening goes on.
   */
  private static boolean lockedByDeadProcessElsewhere(SQLException e, Path lockFile) {
    if (!String.valueOf(e.getMessage()).contains("Locked by another computer")) {
      return false;
    }
    Properties lock = read(lockFile);
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(lock.getProperty("ipAddress", ""),
          Integer.parseInt(lock.getProperty("port", "0"))), 1000);
      return false;
    } catch (IOException | IllegalArgumentException gone) {
      try {
        Files.deleteIfExists(lockFile);
        return true;
      } catch (IOException cannotDelete) {
        return false;
      }
    }
  }

  private static Properties read(Path lockFile) {
    Properties lock = new Properties();
    try (InputStream in = Files.newInputStream(lockFile)) {
      lock.load(in);
    } catch (IOException | IllegalArgumentException e) {
      // Gone or half-written: no lock to judge.
    }
    return lock;
  }

  private static ReflowHomeException stillChanging(String url, SQLException e) {
    return new ReflowHomeException("The journal database " + databaseFile(url) + " could not be opened within "
        + RETRY_FOR.toSeconds() + " s while other processes kept opening or closing it (H2: " + firstLine(e)
        + "). Start this command again; if it keeps failing, look for a program other than reflow that opens "
        + databaseFile(url) + ".", e);
  }

  /** The failure of a connection, as a message that says what to do. */
  static ReflowHomeException cannotOpen(String url, Path home, SQLException e) {
    String file = databaseFile(url);
    String message = switch (e.getErrorCode()) {
      case ErrorCode.DATABASE_ALREADY_OPEN_1 -> String.valueOf(e.getMessage()).contains("Locked by another computer")
          ? "The journal database " + file + " is served by a reflow of an earlier version on a network address"
              + " (its lock " + lockFile(url) + "): wait for that run to end, then start this command again."
          : "The journal database " + file + " is held by another process that opened it without"
              + " AUTO_SERVER=TRUE (an H2 console, another tool): close that process, or add AUTO_SERVER=TRUE to"
              + " its JDBC url.";
      case ErrorCode.FILE_VERSION_ERROR_1, ErrorCode.FILE_CORRUPTED_1, ErrorCode.IO_EXCEPTION_1 ->
          "The journal database " + file + " cannot be read by H2 " + Constants.VERSION + " (" + firstLine(e)
              + "): another H2 version wrote it, or it is damaged. Move it aside to start an empty"
              + " journal, or " + CHANGE_HOME + ".";
      case ErrorCode.WRONG_USER_OR_PASSWORD -> "The journal database " + file + " refuses this home's secret ("
          + home.resolve(JournalSecret.FILE_NAME) + "): the secret was replaced or removed after the journal was"
          + " made. Restore that file from a backup of this home, or " + CHANGE_HOME + ".";
      default -> "The journal database " + file + " cannot be opened or its tables created (" + firstLine(e)
          + "): check " + ReflowSettings.DATABASE_PATH + ".url, or " + CHANGE_HOME + ".";
    };
    return new ReflowHomeException(message, e);
  }

  private static String firstLine(SQLException e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
  }

  /** {@code jdbc:h2:file:/runs/reflow;AUTO_SERVER=TRUE} keeps its data in {@code /runs/reflow.mv.db}. */
  private static String databaseFile(String url) {
    return filePrefix(url) + ".mv.db";
  }

  /** H2's own lock file beside the database, which names the process that serves it. */
  private static Path lockFile(String url) {
    return Path.of(filePrefix(url) + ".lock.db");
  }

  private static String filePrefix(String url) {
    String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
    return path.startsWith("file:") ? path.substring("file:".length()) : path;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReflowHomeException("interrupted while opening the journal");
    }
  }
}
