package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.DisabledJavaSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reflow.experiment.CborSerializable;

/** Two real actor systems in this JVM, over plain TCP on 127.0.0.1, ephemeral ports. */
@Timeout(120)
class ClusterFormationTest {

  private static final Duration FORMING = Duration.ofSeconds(30);

  /** A message of reflow's own kind: bound to jackson-cbor. */
  public record Greeting(String text) implements CborSerializable {}

  /** What a stranger might send: Java-serializable, bound to no serializer of reflow's. */
  public record Smuggled(String command) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final Members members = new Members();

  @AfterEach
  void stop() throws Exception {
    members.close();
  }

  @Test
  void twoProcessesOnLoopbackFormAClusterOverPlainTcp() throws Exception {
    ActorSystem<Void> seed = members.start(ClusterTransport.seed("127.0.0.1", 0, List.of("coordinator"), Optional.empty()));
    ActorSystem<Void> node = members.start(ClusterTransport.joining("127.0.0.1", 0,
        List.of("127.0.0.1:" + Members.port(seed)), List.of("trainer"), Optional.empty()));

    Members.await(() -> Members.isUp(node) && Members.upMembers(seed) == 2, FORMING, "both members Up");
    assertEquals("tcp", seed.settings().config().getString("pekko.remote.artery.transport"));
    assertTrue(Members.members(seed).stream().anyMatch(member -> member.hasRole("trainer")),
        "the seed sees the node with its role: " + Members.members(seed));
  }

  @Test
  void aForeignSerializableMessageIsRefusedWhileACborMessageIsDelivered() throws Exception {
    ActorSystem<Void> sender = members.start(ClusterTransport.seed("127.0.0.1", 0, List.of(), Optional.empty()));
    TestProbe<Object> received = TestProbe.create("received", sender);
    ActorSystem<Object> receiver = members.start(ClusterTransport.joining("127.0.0.1", 0,
        List.of("127.0.0.1:" + Members.port(sender)), List.of(), Optional.empty()), forwardTo(received.ref()));
    Members.await(() -> Members.upMembers(sender) == 2, FORMING, "both members Up");
    String receiverPath = ActorRefResolver.get(receiver).toSerializationFormat(receiver);
    ActorRef<Object> remote = ActorRefResolver.get(sender).resolveActorRef(receiverPath);

    remote.tell(new Smuggled("rm -rf /"));
    remote.tell(new Greeting("hello"));

    // one association, one lane: had the first message crossed, it would arrive before the second
    assertEquals(new Greeting("hello"), received.expectMessageClass(Object.class, Duration.ofSeconds(20)));
    received.expectNoMessage(Duration.ofMillis(500));
    Serialization serialization = SerializationExtension.get(sender);
    assertInstanceOf(DisabledJavaSerializer.class, serialization.findSerializerFor(new Smuggled("x")));
  }

  @Test
  void javaSerializedBytesFromAPeerAreNotDeserialized() throws Exception {
    ActorSystem<Void> system = members.start(ClusterTransport.seed("127.0.0.1", 0, List.of(), Optional.empty()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new Smuggled("rm -rf /"));
    }
    int javaSerializerId = 1;

    Serialization serialization = SerializationExtension.get(system);
    assertThrows(Exception.class, () -> serialization.deserialize(bytes.toByteArray(), javaSerializerId,
        Smuggled.class.getName()).get());
    assertFalse(system.settings().config().getBoolean("pekko.actor.allow-java-serialization"));
  }

  private static Behavior<Object> forwardTo(ActorRef<Object> probe) {
    return Behaviors.receive(Object.class).onAnyMessage(message -> {
      probe.tell(message);
      return Behaviors.same();
    }).build();
  }
}
