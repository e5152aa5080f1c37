package org.reflow.run;

import java.util.Set;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.reflow.experiment.ReflowSettings;
import org.reflow.work.WorkerNode;

/**
 * The guardian of a worker node ({@code reflow node}): the workers of its roles, and a watch on
 * the coordinator. When the coordinator leaves the cluster (its run ended, or it was downed after
 * a crash) the node shuts its actor system down with {@link #COORDINATOR_GONE}, so the command can
 * start a fresh one that joins the next coordinator at the same address; a lone node that kept its
 * old membership would never see a resumed run's new cluster.
 */
public final class NodeGuardian {

  /** Why a node's actor system stopped when its coordinator went away. */
  public static final CoordinatedShutdown.Reason COORDINATOR_GONE = new CoordinatorGone();

  /** The coordinator's cluster role: the run's process has it ({@code run --port}). */
  public static final String COORDINATOR_ROLE = "coordinator";

  private static final class CoordinatorGone implements CoordinatedShutdown.Reason {
    @Override
    public String toString() {
      return "the coordinator left the cluster";
    }
  }

  private NodeGuardian() {}

  public static Behavior<ClusterEvent.MemberRemoved> create(Set<WorkerNode.Role> roles, ReflowSettings.Workers counts) {
    return Behaviors.setup(context -> {
      WorkerNode.spawn(context, roles, counts);
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberRemoved.class));
      return Behaviors.receive(ClusterEvent.MemberRemoved.class)
          .onMessage(ClusterEvent.MemberRemoved.class, removed -> {
            if (removed.member().hasRole(COORDINATOR_ROLE)) {
              CoordinatedShutdown.get(context.getSystem()).runAll(COORDINATOR_GONE);
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
