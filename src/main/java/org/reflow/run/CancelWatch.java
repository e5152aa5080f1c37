package org.reflow.run;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.CancelRequest;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;

/**
 * Watches for a {@link CancelRequest} of the run its {@link Conductor} conducts, every {@link
 * #POLL}: a file works whoever wrote it (reflow cancel, the dashboard, another terminal) and
 * wherever the run was started from. Once one is there, asks the run's {@link Experiment} to
 * record the cancellation and tells the Conductor the run is over; a request the Experiment refuses
 * (the run ended meanwhile) is dropped. Requests written before this process started were meant
 * for an earlier one and are ignored.
 */
final class CancelWatch {

  static final Duration POLL = Duration.ofMillis(500);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  private enum Tick implements NoSerializationVerificationNeeded { INSTANCE }

  private record Answered(Optional<RunState> state) implements NoSerializationVerificationNeeded {}

  private CancelWatch() {}

  static Behavior<Object> create(Path home, String runId, ActorRef<Experiment.Command> experiment,
      ActorRef<Conductor.Command> conductor) {
    Instant processStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, POLL);
      return Behaviors.receive(Object.class)
          .onMessage(Tick.class, tick -> {
            Optional<String> requestedBy = CancelRequest.pending(home, runId, processStarted);
            if (requestedBy.isPresent()) {
              timers.cancelAll();
              context.askWithStatus(RunState.class, experiment, ASK_TIMEOUT,
                  replyTo -> new Experiment.Cancel(Instant.now(), requestedBy.get(), replyTo),
                  (state, refused) -> new Answered(Optional.ofNullable(state)));
            }
            return Behaviors.same();
          })
          .onMessage(Answered.class, answered -> {
            CancelRequest.clear(home, runId);
            answered.state().ifPresent(state -> conductor.tell(new Conductor.Cancelled(state)));
            return Behaviors.stopped();
          })
          .build();
    }));
  }
}
