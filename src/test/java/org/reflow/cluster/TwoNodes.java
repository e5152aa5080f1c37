package org.reflow.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * A real two-node Pekko cluster in one JVM: two actor systems on Artery TCP over 127.0.0.1, each
 * on a port the OS chose, {@link #a} the seed that {@link #b} joins. What goes from one to the
 * other goes through Artery and the serializers, as between machines.
 */
public final class TwoNodes implements AutoCloseable {

  public final ActorSystem<Void> a;
  public final ActorSystem<Void> b;

  private TwoNodes(ActorSystem<Void> a, ActorSystem<Void> b) {
    this.a = a;
    this.b = b;
  }

  /** Starts both nodes and returns once each sees both members up. */
  public static TwoNodes start() throws InterruptedException {
    ActorSystem<Void> a = ActorSystem.create(Behaviors.empty(), "reflow", config());
    ActorSystem<Void> b = ActorSystem.create(Behaviors.empty(), "reflow", config());
    TwoNodes nodes = new TwoNodes(a, b);
    try {
      Cluster.get(a).manager().tell(Join.create(Cluster.get(a).selfMember().address()));
      Cluster.get(b).manager().tell(Join.create(Cluster.get(a).selfMember().address()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (upMembers(a) < 2 || upMembers(b) < 2) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the two test nodes did not form a cluster within 60 s");
        }
        Thread.sleep(50);
      }
      return nodes;
    } catch (RuntimeException | InterruptedException e) {
      nodes.close();
      throw e;
    }
  }

  private static Config config() {
    return ConfigFactory.parseMap(Map.of(
        "pekko.actor.provider", "cluster",
        "pekko.remote.artery.transport", "tcp",
        "pekko.remote.artery.canonical.hostname", "127.0.0.1",
        "pekko.remote.artery.canonical.port", "0",
        "pekko.cluster.jmx.enabled", "off",
        "pekko.coordinated-shutdown.exit-jvm", "off")).withFallback(ConfigFactory.load());
  }

  private static long upMembers(ActorSystem<?> system) {
    return java.util.stream.StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }

  /** A reference to an actor of node A, as node B resolves it from a message. */
  public <T> ActorRef<T> seenFromB(ActorRef<T> onA) {
    return ActorRefResolver.get(b).resolveActorRef(ActorRefResolver.get(a).toSerializationFormat(onA));
  }

  /** {@code message} serialized on node A and read back on node B, as Artery carries it. */
  @SuppressWarnings("unchecked")
  public <T> T carriedToB(T message) {
    Serialization from = SerializationExtension.get(Adapter.toClassic(a));
    byte[] bytes = from.serialize(message).get();
    var serializer = from.findSerializerFor(message);
    return (T) SerializationExtension.get(Adapter.toClassic(b))
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Override
  public void close() {
    b.terminate();
    a.terminate();
    b.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    a.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }
}
