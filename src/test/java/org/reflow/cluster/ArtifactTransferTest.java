package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.store.ArtifactStore;
import org.reflow.store.Sha256;

/** Artifacts cross a real two-node cluster: node A serves its store, node B's client fetches and publishes. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArtifactTransferTest {

  private static TwoNodes nodes;
  private static int servers;

  @TempDir Path homeA;
  @TempDir Path homeB;

  @BeforeAll
  static void startCluster() throws InterruptedException {
    nodes = TwoNodes.start();
  }

  @AfterAll
  static void stopCluster() {
    nodes.close();
  }

  private ArtifactStore storeA;
  private ArtifactStore storeB;
  private ActorRef<ArtifactServer.Command> serverSeenFromB;

  private ArtifactClient clientOnB() {
    storeA = ArtifactStore.open(homeA);
    storeB = ArtifactStore.open(homeB);
    ActorRef<ArtifactServer.Command> server = nodes.a.systemActorOf(ArtifactServer.create(storeA), "artifacts-" + servers++,
        Props.empty());
    serverSeenFromB = nodes.seenFromB(server);
    return new ArtifactClient(nodes.b, serverSeenFromB, storeB);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String put(ArtifactStore store, byte[] bytes) {
    return store.put(file -> Files.write(file, bytes));
  }

  private static List<Path> files(Path home) throws IOException {
    try (Stream<Path> walk = Files.walk(home.resolve("artifacts"))) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void ensureFetchesAnIdenticalFileFromTheOtherNodeOnceAndThenFindsItLocally() throws Exception {
    ArtifactClient client = clientOnB();
    byte[] bytes = randomBytes(3 << 20, 1);
    String sha = put(storeA, bytes);

    Path fetched = client.ensure(sha, "test checkpoint");

    assertEquals(storeB.path(sha), fetched);
    assertEquals(sha, Sha256.hex(fetched));
    assertArrayEquals(bytes, Files.readAllBytes(fetched));
    Object inode = Files.readAttributes(fetched, BasicFileAttributes.class).fileKey();
    // a server that is gone: a second ensure succeeds only if it needs no transfer
    ActorRef<ArtifactServer.Command> gone = nodes.a.systemActorOf(Behaviors.stopped(), "gone-" + servers++, Props.empty());
    ArtifactClient noServer = new ArtifactClient(nodes.b, nodes.seenFromB(gone), storeB);
    assertEquals(fetched, noServer.ensure(sha, "test checkpoint"));
    assertEquals(inode, Files.readAttributes(fetched, BasicFileAttributes.class).fileKey());
    assertEquals(List.of(fetched), files(homeB));
  }

  @Test
  void publishLeavesTheArtifactIntactInTheServersStore() throws Exception {
    ArtifactClient client = clientOnB();
    byte[] bytes = randomBytes(1 << 20, 2);
    String sha = put(storeB, bytes);

    client.publish(sha, "test shard");

    assertTrue(storeA.isIntact(sha));
    assertArrayEquals(bytes, Files.readAllBytes(storeA.path(sha)));
    assertEquals(List.of(storeA.path(sha)), files(homeA));
  }

  @Test
  void ensureRefusesBytesThatChangedOnTheServerAndKeepsNothing() throws Exception {
    ArtifactClient client = clientOnB();
    byte[] bytes = randomBytes(300_000, 3);
    String sha = put(storeA, bytes);
    bytes[123_456] ^= 1;
    Files.write(storeA.path(sha), bytes);

    RuntimeException refused = assertThrows(RuntimeException.class, () -> client.ensure(sha, "teacher checkpoint"));

    assertTrue(refused.getMessage().contains(sha), refused.getMessage());
    assertTrue(refused.getMessage().contains("teacher checkpoint"), refused.getMessage());
    assertEquals(List.of(), files(homeB));
  }

  @Test
  void anOfferWhoseBytesDoNotHashToItsNameIsRefusedAndNotStored() throws Exception {
    clientOnB();
    byte[] bytes = randomBytes(200_000, 4);
    String otherSha = Sha256.hex(randomBytes(200_000, 5));
    SourceRef<ByteString> chunks = Source.single(ByteString.fromArray(bytes)).runWith(StreamRefs.sourceRef(), nodes.b);

    ArtifactServer.Offered answer = AskPattern.<ArtifactServer.Command, ArtifactServer.Offered>ask(serverSeenFromB,
        replyTo -> new ArtifactServer.Offer(otherSha, bytes.length, chunks, replyTo), Duration.ofSeconds(60),
        nodes.b.scheduler()).toCompletableFuture().get(60, TimeUnit.SECONDS);

    ArtifactServer.Refused refused = assertInstanceOf(ArtifactServer.Refused.class, answer);
    assertTrue(refused.reason().contains(otherSha) && refused.reason().contains(Sha256.hex(bytes)), refused.reason());
    assertEquals(List.of(), files(homeA));
  }

  @Test
  void ensureOfAnArtifactTheServerLacksNamesTheArtifactAndTheServer() throws Exception {
    ArtifactClient client = clientOnB();
    String absent = Sha256.hex(randomBytes(10, 8));

    ArtifactTransferException refused = assertThrows(ArtifactTransferException.class, () -> client.ensure(absent, "teacher checkpoint"));

    assertTrue(refused.getMessage().contains("teacher checkpoint (" + absent + ")")
        && refused.getMessage().contains(serverSeenFromB.path().toString())
        && refused.getMessage().contains("is not in the store of node"), refused.getMessage());
    assertEquals(List.of(), files(homeB));
  }

  @Test
  void namesThatAreNotSha256AreRefusedByServerAndClientBeforeTouchingTheDisk() throws Exception {
    ArtifactClient client = clientOnB();
    String valid = put(storeB, randomBytes(1000, 6));
    Files.writeString(homeA.resolve("secret.npz"), "not an artifact");
    for (String name : List.of("../../secret", "../../../" + homeA.getFileName() + "/secret", homeA.resolve("secret").toString(),
        valid.substring(1), valid + "0", valid.toUpperCase(), "")) {
      assertThrows(IllegalArgumentException.class, () -> client.ensure(name, "checkpoint"), name);
      assertThrows(IllegalArgumentException.class, () -> client.publish(name, "checkpoint"), name);
      this.<ArtifactServer.Fetched>assertRefused(replyTo -> new ArtifactServer.Fetch(name, replyTo), name);
      this.<ArtifactServer.Holding>assertRefused(replyTo -> new ArtifactServer.Has(name, replyTo), name);
      SourceRef<ByteString> chunks = Source.single(ByteString.fromString("x")).runWith(StreamRefs.sourceRef(), nodes.b);
      this.<ArtifactServer.Offered>assertRefused(replyTo -> new ArtifactServer.Offer(name, 1, chunks, replyTo), name);
    }
    assertEquals(List.of(), files(homeA));
    assertEquals(List.of(storeB.path(valid)), files(homeB));
  }

  private <R> void assertRefused(org.apache.pekko.japi.function.Function<ActorRef<R>, ArtifactServer.Command> message,
      String name) throws Exception {
    Object answer = AskPattern.<ArtifactServer.Command, R>ask(serverSeenFromB, message, Duration.ofSeconds(30),
        nodes.b.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    ArtifactServer.Refused refused = assertInstanceOf(ArtifactServer.Refused.class, answer, name);
    assertTrue(refused.reason().contains("is not a SHA-256"), refused.reason());
  }

  @Test
  void aClientSharingTheServersStoreCopiesNothing() throws Exception {
    storeA = ArtifactStore.open(homeA);
    ActorRef<ArtifactServer.Command> server = nodes.a.systemActorOf(ArtifactServer.create(storeA), "artifacts-" + servers++,
        Props.empty());
    ArtifactClient sameNode = new ArtifactClient(nodes.a, server, ArtifactStore.open(homeA));
    String sha = put(storeA, randomBytes(2 << 20, 7));
    Path file = storeA.path(sha);
    BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);

    assertEquals(file, sameNode.ensure(sha, "checkpoint"));
    sameNode.publish(sha, "checkpoint");

    BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
    assertEquals(before.fileKey(), after.fileKey());
    assertEquals(before.lastModifiedTime(), after.lastModifiedTime());
    assertEquals(List.of(file), files(homeA));
    assertFalse(Files.exists(homeB.resolve("artifacts")));
  }
}
