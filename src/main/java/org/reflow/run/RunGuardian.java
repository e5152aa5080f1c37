package org.reflow.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.ReflowSettings;
import org.reflow.spec.ExperimentSpec;
import org.reflow.work.WorkerNode;

/**
 * The guardian of a node that runs experiments: this node's workers from the start, then per
 * {@link Start} one run's {@link Experiment}, the listener that hears it and its {@link Conductor},
 * watching both so that a failed journal or Conductor ends the run instead of leaving its caller
 * waiting.
 */
public final class RunGuardian {

  /**
   * Conduct {@code spec} as {@code runId}; with a plan, continue that stopped run. {@code listener}
   * hears the Conductor's updates and completes {@code outcome} when the run ends; the guardian
   * completes {@code outcome} exceptionally when the journal ({@link JournalStopped}) or the
   * Conductor fails.
   */
  public record Start(ExperimentSpec spec, String runId, Optional<ResumePlan> plan, Behavior<RunUpdate> listener,
      CompletableFuture<?> outcome) {}

  /** The run's Experiment stopped: its journal failed (the cause says how). */
  public static final class JournalStopped extends RuntimeException {
    JournalStopped(Throwable cause) {
      super(cause);
    }
  }

  private RunGuardian() {}

  /** The guardian behaviour; with {@code localWorkers}, this node's workers are spawned as it starts. */
  public static Behavior<Start> create(boolean localWorkers) {
    return Behaviors.setup(context -> {
      ReflowSettings settings = ReflowSettings.from(context.getSystem().settings().config());
      if (localWorkers) {
        WorkerNode.spawn(context, EnumSet.allOf(WorkerNode.Role.class), settings.workers());
      }
      String host = hostName();
      AtomicReference<CompletableFuture<?>> running = new AtomicReference<>();
      AtomicReference<ActorRef<Experiment.Command>> ledger = new AtomicReference<>();
      return Behaviors.receive(Start.class)
          .onMessage(Start.class, start -> {
            running.set(start.outcome());
            var experiment = context.spawn(Experiment.create(start.runId()), "experiment-" + start.runId());
            ledger.set(experiment);
            context.watch(experiment); // it stops on a journal failure: the run must stop with it, not wait
            var listener = context.spawn(start.listener(), "printer");
            var conductor = context.spawn(Conductor.create(start.spec(), start.runId(), settings.home().toString(), host,
                experiment, listener, start.plan()), "conductor");
            context.watch(conductor);
            return Behaviors.same();
          })
          .onSignal(ChildFailed.class, failed -> {
            if (failed.getRef().equals(ledger.get())) {
              running.get().completeExceptionally(new JournalStopped(failed.getCause()));
              return Behaviors.same();
            }
            // A normal end reaches the listener first; a failed Conductor would leave the caller waiting.
            running.get().completeExceptionally(new IllegalStateException("the run's conductor failed ("
                + failed.getCause() + "); the journal under REFLOW_HOME keeps what was recorded"));
            return Behaviors.same();
          })
          .onSignal(Terminated.class, stopped -> Behaviors.same())
          .build();
    });
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
