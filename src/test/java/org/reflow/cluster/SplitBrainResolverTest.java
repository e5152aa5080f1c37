package org.reflow.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reflow.experiment.ChildProcess;

/** The split-brain resolver against a real crash: a member in a child JVM, killed with SIGKILL. */
@Timeout(300)
class SplitBrainResolverTest {

  /**
   * Heartbeats missed for acceptable-heartbeat-pause (5 s), the failure detector's threshold (about
   * 2 s more), stable-after (7 s), then gossip to removal: about 15 s (14.5 s and 17.2 s measured on a
   * loaded 2-core machine), bounded here with room for a heavily loaded one. The point is the order of magnitude: without a downing provider it never happens.
   */
  private static final Duration REMOVAL_BOUND = Duration.ofSeconds(30);

  private final Members members = new Members();

  @AfterEach
  void stop() throws Exception {
    members.close();
  }

  @Test
  void theSeedRemovesAKilledMemberWithinThirtySeconds() throws Exception {
    ActorSystem<Void> seed = members.start(ClusterTransport.seed("127.0.0.1", 0, List.of("coordinator"), Optional.empty()));
    try (ChildProcess child = ChildProcess.java(MemberMain.class, List.of("127.0.0.1:" + Members.port(seed)), true,
        Map.of())) {
      String up = child.awaitLine(line -> line.startsWith("UP "), Duration.ofMinutes(2));
      String address = up.lines().filter(line -> line.startsWith("UP ")).findFirst().orElseThrow().substring(3);
      Members.await(() -> Members.upMembers(seed) == 2, Duration.ofSeconds(30), "the seed seeing the child Up");

      child.kill();
      Duration removal = Members.await(() -> Members.members(seed).stream()
          .noneMatch(member -> member.address().toString().equals(address)), Duration.ofSeconds(60),
          "the killed member's removal");

      assertTrue(removal.compareTo(REMOVAL_BOUND) <= 0, "the killed member was removed after " + removal
          + ", more than " + REMOVAL_BOUND);
      assertTrue(Members.isUp(seed), "the seed (the oldest member) stays Up");
      System.out.println("split-brain resolver: killed member removed after " + removal.toMillis() + " ms");
    }
  }
}
