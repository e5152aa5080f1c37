package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process serving a home's journal exposes: its H2 server (AUTO_SERVER) and its lock
 * socket listen on loopback only, and the server lets in only a client with the home's secret,
 * which sits in a file only its owner can read.
 */
class JournalServerTest {

  @TempDir Path home;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theLiveJournalServerListensOnLoopbackOnlyAndRefusesAClientWithoutTheHomesSecret() throws Exception {
    try (ChildProcess server = ChildProcess.java(HoldJournalOpen.class, List.of(home.toString()), false, Map.of())) {
      server.awaitLine("open"::equals, Duration.ofMinutes(2)); // the serving process opened the journal

      Path secretFile = home.resolve("journal.secret");
      assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(secretFile));
      String secret = Files.readString(secretFile, StandardCharsets.US_ASCII);

      Properties lock = new Properties();
      try (InputStream in = Files.newInputStream(home.resolve("reflow.lock.db"))) {
        lock.load(in);
      }
      // What a plain H2 shell would use: the server and key that H2's lock file names.
      String serverUrl = "jdbc:h2:tcp://" + lock.getProperty("server") + "/" + lock.getProperty("id");
      SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(serverUrl, "reflow", ""));
      assertEquals(ErrorCode.WRONG_USER_OR_PASSWORD, refused.getErrorCode(), refused.getMessage());
      try (Connection withSecret = DriverManager.getConnection(serverUrl, "reflow", secret);
          Statement query = withSecret.createStatement();
          ResultSet rows = query.executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
        assertTrue(rows.next(), "the server with the secret answers a query on the journal");
      }

      int serverPort = Integer.parseInt(lock.getProperty("server").replaceFirst(".*:", ""));
      int lockPort = Integer.parseInt(lock.getProperty("port"));
      List<Listening> listening = listening(server.pid());
      Set<Integer> ports = new HashSet<>();
      listening.forEach(socket -> ports.add(socket.port()));
      assertTrue(ports.containsAll(Set.of(serverPort, lockPort)),
          "the journal server " + serverPort + " and the lock socket " + lockPort + " are among " + listening);
      for (Listening socket : listening) {
        assertTrue(socket.address().isLoopbackAddress(), "the serving process listens beyond loopback: " + socket);
      }
      server.stdin().close();
      server.awaitExit(0, Duration.ofMinutes(1));
    }
  }

  @Test
  void aHomeMadeBeforeSecretsOpensAndFromThenOnRefusesTheEmptyPassword() throws Exception {
    H2Connections.bindServersToLoopback(); // this test loads H2 itself, before any reflow system does
    String url = "jdbc:h2:file:" + home + "/reflow;AUTO_SERVER=TRUE;FILE_LOCK=SOCKET";
    try (Connection old = DriverManager.getConnection(url, "reflow", "")) {
      old.createStatement().execute("CREATE TABLE kept_from_before(x INT)");
    }
    assertFalse(Files.exists(home.resolve("journal.secret")));

    try (ReflowSystem<Void> system = TestSystems.start(home)) {
      ActorTestKit kit = ActorTestKit.create(system.actorSystem());
      TestProbe<StatusReply<Done>> written = kit.createTestProbe();
      kit.spawn(Notebook.create("n")).tell(new Notebook.Write("written with the secret", written.ref()));
      assertTrue(written.receiveMessage(Duration.ofSeconds(30)).isSuccess());
      assertEquals(List.of("written with the secret"), TestSystems.journalledNotes(system, "notebook|n"));
    }
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(home.resolve("journal.secret")));

    String secret = Files.readString(home.resolve("journal.secret"), StandardCharsets.US_ASCII);
    SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "reflow", ""));
    assertEquals(ErrorCode.WRONG_USER_OR_PASSWORD, refused.getErrorCode());
    try (Connection withSecret = DriverManager.getConnection(url, "reflow", secret);
        ResultSet tables = withSecret.createStatement().executeQuery(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'KEPT_FROM_BEFORE'")) {
      assertTrue(tables.next());
      assertEquals(1, tables.getInt(1), "the old home's contents are still there");
    }
  }

  @Test
  void aJournalThatRefusesTheHomesSecretFailsWithOneClearMessage() throws Exception {
    try (ReflowSystem<Void> system = TestSystems.start(home)) {
      assertTrue(Files.exists(home.resolve("journal.secret")));
    }
    Files.writeString(home.resolve("journal.secret"), "ab".repeat(32), StandardCharsets.US_ASCII);

    ReflowHomeException e = assertThrows(ReflowHomeException.class, () -> TestSystems.start(home));
    assertEquals("The journal database " + home.resolve("reflow.mv.db") + " refuses this home's secret ("
        + home.resolve("journal.secret") + "): the secret was replaced or removed after the journal was made."
        + " Restore that file from a backup of this home, or set REFLOW_HOME (or -Dreflow.home) to a directory"
        + " reflow may write.", e.getMessage());
    assertFalse(e.getMessage().contains("ab".repeat(32)), "the message never shows a secret");
  }

  /** A socket in the LISTEN state. */
  private record Listening(InetAddress address, int port) {}

  /** The listening TCP sockets of process {@code pid}: its socket inodes, looked up in /proc/net/tcp and tcp6. */
  private static List<Listening> listening(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // A descriptor closed while listing: not a listening socket.
        }
      }
    }
    List<Listening> found = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          found.add(new Listening(address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    return found;
  }

  /** /proc/net's address: 32-bit words in host (little-endian) order. */
  private static InetAddress address(String hex) throws IOException {
    byte[] bytes = HexFormat.of().parseHex(hex);
    for (int word = 0; word < bytes.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = bytes[word + i];
        bytes[word + i] = bytes[word + 3 - i];
        bytes[word + 3 - i] = b;
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
