package org.reflow.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A cluster member in a JVM of its own, for tests that kill one: joins the seed at {@code args[0]}
 * ({@code host:port}) from 127.0.0.1, prints {@code UP <its address>} once it is Up, then runs until killed.
 */
public final class MemberMain {

  private MemberMain() {}

  public static void main(String[] args) throws Exception {
    Members members = new Members();
    ActorSystem<Void> system = members.start(ClusterTransport.joining("127.0.0.1", 0, List.of(args[0]), List.of("trainer"),
        Optional.empty()));
    Members.await(() -> Members.isUp(system), Duration.ofMinutes(2), "this member Up");
    System.out.println("UP " + Cluster.get(system).selfMember().address());
    system.getWhenTerminated().toCompletableFuture().get();
  }
}
