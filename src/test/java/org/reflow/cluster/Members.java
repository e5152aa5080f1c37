package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Real cluster members for tests: actor systems named "reflow" started with a {@link ClusterTransport}'s
 * configuration over reflow's own ({@code conf/application.conf}), all terminated by {@link #close()}.
 */
final class Members implements AutoCloseable {

  private final List<ActorSystem<?>> systems = new ArrayList<>();

  /** Starts a member with no actor of its own and makes it a member (the seed forms the cluster). */
  ActorSystem<Void> start(ClusterTransport transport) {
    return start(transport, Behaviors.empty());
  }

  <T> ActorSystem<T> start(ClusterTransport transport, Behavior<T> guardian) {
    // several members in one JVM: each registers its own JMX bean (a process of reflow has one member)
    Config oneJvm = ConfigFactory.parseString("pekko.cluster.jmx.multi-mbeans-in-same-jvm = on");
    ActorSystem<T> system = ActorSystem.create(guardian, ClusterTransport.SYSTEM_NAME,
        oneJvm.withFallback(transport.config()).withFallback(ConfigFactory.load()));
    systems.add(system);
    transport.startMembership(system);
    return system;
  }

  /** The port {@code system} listens on (chosen by the system when its transport asked for port 0). */
  static int port(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().address().getPort().get();
  }

  static boolean isUp(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().status() == MemberStatus.up();
  }

  /** The members {@code system} sees, in any state. */
  static List<Member> members(ActorSystem<?> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false).toList();
  }

  static long upMembers(ActorSystem<?> system) {
    return members(system).stream().filter(member -> member.status() == MemberStatus.up()).count();
  }

  /** Polls {@code condition} every 50 ms; fails with {@code what} if it does not hold within {@code within}. */
  static Duration await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start > within.toNanos()) {
        fail(what + " did not happen within " + within);
      }
      Thread.sleep(50);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() throws Exception {
    systems.forEach(ActorSystem::terminate);
    for (ActorSystem<?> system : systems) {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
