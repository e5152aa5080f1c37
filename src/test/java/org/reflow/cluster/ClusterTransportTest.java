package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The options → configuration mapping and its refusals, without starting anything. */
class ClusterTransportTest {

  @Test
  void listeningBeyondLoopbackWithoutTlsIsRefusedSayingHowToFixIt() {
    for (String host : List.of("10.1.2.3", "192.168.0.7", "gpu1.example.org", "fd00::5", "127.0.0.1.example.org")) {
      ClusterSetupException refused = assertThrows(ClusterSetupException.class,
          () -> ClusterTransport.seed(host, 25520, List.of(), Optional.empty()), host);
      assertTrue(refused.getMessage().contains("without TLS"), refused.getMessage());
      assertTrue(refused.getMessage().contains("ops/cluster-certs"), refused.getMessage());
      assertTrue(refused.getMessage().contains("--tls DIR/NODE"), refused.getMessage());
      assertTrue(refused.getMessage().contains("REFLOW_CLUSTER_TLS"), refused.getMessage());
    }
  }

  @Test
  void loopbackAddressesNeedNoTls() {
    for (String host : List.of("127.0.0.1", "127.1.2.3", "::1", "localhost", "LOCALHOST")) {
      assertEquals("tcp", ClusterTransport.seed(host, 0, List.of(), Optional.empty()).config()
          .getString("pekko.remote.artery.transport"), host);
    }
  }

  @Test
  void aWildcardAddressIsRefused() {
    ClusterSetupException refused = assertThrows(ClusterSetupException.class,
        () -> ClusterTransport.seed("0.0.0.0", 25520, List.of(), Optional.of(Path.of("certs"))));
    assertTrue(refused.getMessage().contains("wildcard"), refused.getMessage());
  }

  @Test
  void seedAddressesParseHostAndPortOrSayWhatIsWrong() {
    assertEquals(new SeedAddress("10.0.0.5", 25520), SeedAddress.parse("10.0.0.5:25520"));
    assertEquals(new SeedAddress("::1", 25520), SeedAddress.parse("[::1]:25520"));
    assertEquals("pekko://reflow@[::1]:25520", SeedAddress.parse("[::1]:25520").pekkoAddress());
    Map<String, String> wrong = Map.of(
        "10.0.0.5", "no ':'",
        "10.0.0.5:port", "not a port number",
        ":25520", "host is missing",
        "fd00::5:25520", "more than one ':'",
        "10.0.0.5:70000", "no valid port",
        "10.0.0.5:0", "no valid port");
    wrong.forEach((text, why) -> {
      ClusterSetupException refused = assertThrows(ClusterSetupException.class, () -> SeedAddress.parse(text), text);
      assertTrue(refused.getMessage().contains(why), text + ": " + refused.getMessage());
    });
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    for (int port : new int[] {-1, 65_536}) {
      ClusterSetupException refused = assertThrows(ClusterSetupException.class,
          () -> ClusterTransport.seed("127.0.0.1", port, List.of(), Optional.empty()));
      assertTrue(refused.getMessage().contains("0 to 65535"), refused.getMessage());
    }
  }

  @Test
  void aJoiningMemberGetsClusterProviderSeedsRolesSplitBrainResolverAndNoJavaSerialization() {
    Config config = ClusterTransport.joining("127.0.0.1", 25521, List.of("127.0.0.1:25520"), List.of("trainer", "gpu"),
        Optional.empty()).config();

    assertEquals("cluster", config.getString("pekko.actor.provider"));
    assertEquals(List.of("pekko://reflow@127.0.0.1:25520"), config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(List.of("trainer", "gpu"), config.getStringList("pekko.cluster.roles"));
    assertEquals(25521, config.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        config.getString("pekko.cluster.downing-provider-class"));
    assertEquals("keep-oldest", config.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertFalse(config.getBoolean("pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
    assertFalse(config.getBoolean("pekko.actor.allow-java-serialization"));
    assertEquals(256 * 1024, config.getBytes("pekko.remote.artery.advanced.maximum-frame-size"));
  }

  @Test
  void joiningWithoutAnAddressOrWithABadRoleIsRefused() {
    assertThrows(ClusterSetupException.class,
        () -> ClusterTransport.joining("127.0.0.1", 0, List.of(), List.of(), Optional.empty()));
    ClusterSetupException badRole = assertThrows(ClusterSetupException.class,
        () -> ClusterTransport.seed("127.0.0.1", 0, List.of("train er"), Optional.empty()));
    assertTrue(badRole.getMessage().contains("'train er'"), badRole.getMessage());
  }

  @Test
  void theTlsFolderComesFromTheOptionElseTheEnvironment() {
    Map<String, String> environment = Map.of(ClusterTransport.TLS_ENVIRONMENT, "/etc/reflow/node");
    assertEquals(Optional.of(Path.of("given")), ClusterTransport.tlsFolder(Optional.of(Path.of("given")), environment));
    assertEquals(Optional.of(Path.of("/etc/reflow/node")), ClusterTransport.tlsFolder(Optional.empty(), environment));
    assertEquals(Optional.empty(), ClusterTransport.tlsFolder(Optional.empty(), Map.of()));
  }
}
