package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between real actor systems on 127.0.0.1, with certificates made by {@code ops/cluster-certs}
 * run for real: two CAs, "a" and "b", each with a node folder for 127.0.0.1; "a" also one for localhost.
 */
@Timeout(300)
class ClusterTlsTest {

  private static final String NODE = "127.0.0.1";
  private static final Duration FORMING = Duration.ofSeconds(30);

  @TempDir
  static Path certs;

  private final Members members = new Members();

  @BeforeAll
  static void makeCertificates() throws Exception {
    ClusterCerts.make(Map.of(certs.resolve("a"), List.of(NODE, "localhost"), certs.resolve("b"), List.of(NODE)));
  }

  @AfterEach
  void stop() throws Exception {
    members.close();
  }

  @Test
  void twoProcessesWithCertificatesOfOneCaFormAClusterOverTls() throws Exception {
    Optional<Path> tls = Optional.of(certs.resolve("a").resolve(NODE));
    ActorSystem<Void> seed = members.start(ClusterTransport.seed(NODE, 0, List.of(), tls));
    ActorSystem<Void> node = members.start(ClusterTransport.joining(NODE, 0, List.of(NODE + ":" + Members.port(seed)),
        List.of(), tls));

    Members.await(() -> Members.isUp(node) && Members.upMembers(seed) == 2, FORMING, "both members Up over TLS");
    assertEquals("tls-tcp", seed.settings().config().getString("pekko.remote.artery.transport"));
  }

  @Test
  void aProcessWithACertificateOfAnotherCaCannotJoin() throws Exception {
    ActorSystem<Void> seed = members.start(ClusterTransport.seed(NODE, 0, List.of(),
        Optional.of(certs.resolve("a").resolve(NODE))));
    ActorSystem<Void> stranger = members.start(ClusterTransport.joining(NODE, 0,
        List.of(NODE + ":" + Members.port(seed)), List.of(), Optional.of(certs.resolve("b").resolve(NODE))));

    staysOutside(seed, stranger);
  }

  @Test
  void aProcessWhoseCertificateNamesAnotherAddressCannotJoin() throws Exception {
    ActorSystem<Void> seed = members.start(ClusterTransport.seed(NODE, 0, List.of(),
        Optional.of(certs.resolve("a").resolve(NODE))));
    ActorSystem<Void> impostor = members.start(ClusterTransport.joining(NODE, 0,
        List.of(NODE + ":" + Members.port(seed)), List.of(), Optional.of(certs.resolve("a").resolve("localhost"))));

    staysOutside(seed, impostor);
  }

  @Test
  void beyondLoopbackWithTlsTheConfigurationIsMutualTlsAndHoldsNoPassword() throws Exception {
    Path folder = certs.resolve("a").resolve(NODE);
    Config config = ClusterTransport.seed("192.0.2.7", 25520, List.of("coordinator"), Optional.of(folder)).config();

    assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
    assertEquals("192.0.2.7", config.getString("pekko.remote.artery.canonical.hostname"));
    assertTrue(config.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"));
    assertEquals(TlsEngineProvider.class.getName(), config.getString("pekko.remote.artery.ssl.ssl-engine-provider"));
    String password = Files.readString(folder.resolve(TlsFolder.PASSWORD)).strip();
    String rendered = config.root().render(ConfigRenderOptions.concise());
    assertFalse(rendered.contains(password), "the configuration holds the key store's password: " + rendered);
  }

  @Test
  void aPasswordFileOthersCanReadIsRefusedWithTheCommandThatFixesIt() throws Exception {
    Path folder = copyOfNodeFolder("readable");
    Files.setPosixFilePermissions(folder.resolve(TlsFolder.PASSWORD), PosixFilePermissions.fromString("rw-r--r--"));

    ClusterSetupException refused = assertThrows(ClusterSetupException.class, () -> TlsFolder.open(folder));
    assertTrue(refused.getMessage().contains("chmod 600 " + folder.resolve(TlsFolder.PASSWORD)), refused.getMessage());
  }

  @Test
  void aWrongPasswordIsRefusedNamingBothFiles() throws Exception {
    Path folder = copyOfNodeFolder("wrong-password");
    Files.writeString(folder.resolve(TlsFolder.PASSWORD), "not-the-password\n");

    ClusterSetupException refused = assertThrows(ClusterSetupException.class, () -> TlsFolder.open(folder));
    assertTrue(refused.getMessage().contains("does not open " + folder.resolve(TlsFolder.KEY_STORE)), refused.getMessage());
  }

  @Test
  void aFolderWithoutKeyStoreOrNoFolderAtAllIsRefusedPointingAtTheScript() throws Exception {
    Path folder = copyOfNodeFolder("no-key-store");
    Files.delete(folder.resolve(TlsFolder.KEY_STORE));

    ClusterSetupException noKeyStore = assertThrows(ClusterSetupException.class,
        () -> ClusterTransport.seed(NODE, 0, List.of(), Optional.of(folder)).config());
    assertTrue(noKeyStore.getMessage().contains("has no keystore.p12"), noKeyStore.getMessage());
    ClusterSetupException noFolder = assertThrows(ClusterSetupException.class,
        () -> TlsFolder.open(certs.resolve("nowhere")));
    assertTrue(noFolder.getMessage().contains("ops/cluster-certs DIR NODE"), noFolder.getMessage());
  }

  @Test
  void theScriptKeepsAnExistingCaAndNodeAndRefusesAName() throws Exception {
    Path dir = certs.resolve("a");
    byte[] ca = Files.readAllBytes(dir.resolve("ca").resolve("ca.crt"));
    byte[] keyStore = Files.readAllBytes(dir.resolve(NODE).resolve(TlsFolder.KEY_STORE));

    ClusterCerts.Result again = ClusterCerts.run(dir.toString(), NODE);
    ClusterCerts.Result badName = ClusterCerts.run(dir.toString(), "no such host");

    assertEquals(0, again.status(), again.output());
    assertTrue(again.output().contains("using the existing CA"), again.output());
    assertArrayEquals(ca, Files.readAllBytes(dir.resolve("ca").resolve("ca.crt")), "the CA was replaced");
    assertArrayEquals(keyStore, Files.readAllBytes(dir.resolve(NODE).resolve(TlsFolder.KEY_STORE)), "the node was reissued");
    assertEquals(2, badName.status(), badName.output());
  }

  /** A member of the right CA is Up within seconds here (the test above); {@code outsider} gets ten. */
  private static void staysOutside(ActorSystem<Void> seed, ActorSystem<Void> outsider) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      if (Members.isUp(outsider) || Members.members(seed).size() != 1) {
        fail("a member that should be refused got into the cluster: the seed sees " + Members.members(seed));
      }
      Thread.sleep(100);
    }
  }

  private static Path copyOfNodeFolder(String name) throws IOException {
    Path copy = Files.createDirectory(certs.resolve(name));
    try (Stream<Path> files = Files.list(certs.resolve("a").resolve(NODE))) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return copy;
  }
}
