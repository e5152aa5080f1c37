package org.reflow.experiment;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.reflow.experiment.RunState.Active;
import org.reflow.experiment.RunState.Finished;
import org.reflow.experiment.RunState.NotSubmitted;
import org.reflow.text.Redaction;

/**
 * One run, event-sourced under {@code experiment|<runId>}: the single writer of the run's
 * history. Workers report artifacts; an artifact is part of the run only once its event is
 * persisted and acknowledged. Reports that contradict the history (a checkpoint for a stage not
 * running, a step that goes backwards) are refused with a reason; repeated reports of what is
 * already recorded (a shard, an evaluation) are acknowledged without a second event, so a worker
 * that retries after a crash does not duplicate history.
 */
public final class Experiment
    extends EventSourcedBehaviorWithEnforcedReplies<Experiment.Command, Event, RunState> {

  /** Every event is tagged, so a read side can follow all runs in one stream. */
  public static final String TAG = "experiment";

  /** What the Experiment is asked to do. */
  public sealed interface Command extends CborSerializable {}

  /** Begin the run with its effective spec; stage inputs fix its plan. */
  public record Submit(
      String name, String specYaml, String specSha256, long seed, Instant submittedAt, String host,
      Map<String, List<String>> stageInputs, String specDirectory, Map<String, String> dataSha256,
      Map<String, String> stageVariants, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * Continue a stopped run (crashed, killed or failed; not a completed one) with the restart
   * points its caller found intact in the artifact store: per unfinished stage, the step of the
   * checkpoint its training restarts from (0 for none) and the coupling shards it keeps; and the
   * changed data files a person accepted, recorded before the resumption.
   */
  public record Resume(Instant at, String host, Map<String, Long> restartSteps, Map<String, List<Integer>> keptShards,
      List<Event.DataChangeAccepted> acceptedData, ActorRef<StatusReply<Event.ExperimentResumed>> replyTo)
      implements Command {}

  /** Start (or restart) a stage whose inputs are complete; replies the attempt number. */
  public record StartStage(String stage, ActorRef<StatusReply<Integer>> replyTo) implements Command {}

  /** Record that a worker on {@code node} took the stage's current attempt ({@link Event.StageAssigned}). */
  public record AssignStage(String stage, int attempt, String role, String node, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record RecordShard(Event.CouplingShardWritten shard, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record RecordCoupling(Event.CouplingMaterialized coupling, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record RecordCheckpoint(Event.CheckpointSaved checkpoint, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record RecordMetrics(Event.MetricsRecorded metrics, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** The stage is done. */
  public record CompleteStage(String stage, String finalCheckpoint, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Every stage is done and every due evaluation recorded: the run is completed. */
  public record CompleteRun(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * The stage failed, keeping the reason; so does its variant (its other stages do not start). The
   * run fails with it when no other variant is left, and otherwise completes with failures.
   */
  public record FailStage(String stage, String reason, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * A person cancels the running run: it is over, keeping what it recorded, and resumable. Replies
   * the run's state once {@link Event.ExperimentCancelled} is persisted; refused once the run has ended.
   */
  public record Cancel(Instant at, String requestedBy, ActorRef<StatusReply<RunState>> replyTo) implements Command {}

  public record GetRun(ActorRef<RunState> replyTo) implements Command {}

  private final String runId;

  /**
   * No restart on a journal failure: the actor stops, and its parent hears why (ChildFailed with
   * the JournalFailureException). A write the journal refused is not retried into a history that
   * may have lost it, and H2 closes its database after a failed write (a full disk): restarting
   * would only replay against a closed database, behind Pekko's circuit breaker, while every
   * report to the run waited for its ask to time out. The run stops instead; {@code reflow
   * resume} continues it from what was recorded.
   */
  private Experiment(String runId) {
    super(PersistenceId.of("experiment", runId, "|"));
    this.runId = runId;
  }

  public static Behavior<Command> create(String runId) {
    return new Experiment(runId);
  }

  @Override
  public RunState emptyState() {
    return new NotSubmitted();
  }

  // The journal is the run's history and its lineage: no retention, no event is ever deleted.

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, RunState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, RunState> b = newCommandHandlerWithReplyBuilder();
    b.forStateType(NotSubmitted.class)
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(GetRun.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .onCommand(c -> true, (state, c) -> refuse(c, "run " + runId + " does not exist"));
    b.forStateType(Active.class)
        .onCommand(StartStage.class, this::onStartStage)
        .onCommand(AssignStage.class, this::onAssignStage)
        .onCommand(RecordShard.class, this::onRecordShard)
        .onCommand(RecordCoupling.class, this::onRecordCoupling)
        .onCommand(RecordCheckpoint.class, this::onRecordCheckpoint)
        .onCommand(RecordMetrics.class, (state, c) -> onRecordMetrics(state.stages(), c))
        .onCommand(CompleteStage.class, this::onCompleteStage)
        .onCommand(CompleteRun.class, this::onCompleteRun)
        .onCommand(FailStage.class, this::onFailStage)
        .onCommand(Cancel.class, (state, c) -> Effect().persist(new Event.ExperimentCancelled(c.at(), c.requestedBy()))
            .thenReply(c.replyTo(), StatusReply::success))
        .onCommand(Resume.class, (state, c) -> onResume(state.run(), state.stages(), Optional.empty(), c))
        .onCommand(GetRun.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .onCommand(Submit.class, (state, c) -> refuse(c, "run " + runId + " was already submitted"));
    b.forStateType(Finished.class)
        .onCommand(GetRun.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .onCommand(Resume.class, (state, c) -> !state.resumable() ? refuse(c, "run " + runId + " completed at "
                + state.completedAt().orElseThrow() + "; there is nothing to resume")
            : onResume(state.run(), state.stages(), state.stopReason(), c))
        // An evaluation of a recorded checkpoint may land after the last stage completed.
        .onCommand(RecordMetrics.class, (state, c) -> onRecordMetrics(state.stages(), c))
        .onCommand(c -> true, (state, c) -> refuse(c, "run " + runId + " has "
            + (state.succeeded() ? "completed" : state.cancelled().isPresent() ? "been cancelled" : "failed")
            + "; it records nothing more"));
    return b.build();
  }

  private ReplyEffect<Event, RunState> onSubmit(NotSubmitted state, Submit c) {
    if (c.stageInputs().isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.error("a run needs at least one stage"));
    }
    // The Experiment lives in the process that submits the run: its JVM's start is the run's (start-up time)
    Instant processStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    return Effect().persist(new Event.ExperimentSubmitted(runId, c.name(), c.specYaml(), c.specSha256(), c.seed(),
            c.submittedAt(), c.host(), c.stageInputs(), c.specDirectory(), c.dataSha256(), c.stageVariants(),
            Optional.of(processStarted)))
        .thenReply(c.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, RunState> onResume(RunInfo run, Map<String, StageRecord> stages, Optional<String> failure,
      Resume c) {
    Optional<String> refusal = RunState.refuseRestartPoints(stages, c.restartSteps(), c.keptShards());
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    List<String> kept = stages.values().stream().filter(s -> s.status() == StageRecord.Status.COMPLETED)
        .map(StageRecord::id).toList();
    var resumed = new Event.ExperimentResumed(run.resumptions() + 1, c.at(), c.host(), kept,
        new LinkedHashMap<>(c.restartSteps()), new LinkedHashMap<>(c.keptShards()), failure);
    List<Event> events = new java.util.ArrayList<>(c.acceptedData());
    events.add(resumed);
    return Effect().persist(events).thenReply(c.replyTo(), s -> StatusReply.success(resumed));
  }

  private ReplyEffect<Event, RunState> onStartStage(Active state, StartStage c) {
    Optional<String> refusal = state.refuseStart(c.stage());
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    int attempt = state.stages().get(c.stage()).attempt() + 1;
    return Effect().persist(new Event.StageStarted(c.stage(), attempt))
        .thenReply(c.replyTo(), s -> StatusReply.success(attempt));
  }

  private ReplyEffect<Event, RunState> onAssignStage(Active state, AssignStage c) {
    Optional<String> refusal = state.refuseReport(c.stage()).or(() -> c.attempt() == state.stages().get(c.stage()).attempt()
        ? Optional.empty() : Optional.of("stage '" + c.stage() + "' is at attempt " + state.stages().get(c.stage()).attempt()
            + ", not " + c.attempt()));
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    return persistAndAck(new Event.StageAssigned(c.stage(), c.attempt(), c.role(), c.node()), c.replyTo());
  }

  private ReplyEffect<Event, RunState> onRecordShard(Active state, RecordShard c) {
    var shard = c.shard();
    Optional<String> refusal = state.refuseReport(shard.stage());
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    var recorded = state.stages().get(shard.stage()).shards().get(shard.shardIndex());
    if (recorded != null) {
      return recorded.equals(shard) ? Effect().reply(c.replyTo(), StatusReply.ack())
          : Effect().reply(c.replyTo(), StatusReply.error("shard " + shard.shardIndex() + " of coupling "
              + shard.couplingId() + " was recorded with SHA-256 " + recorded.sha256() + "; a different one ("
              + shard.sha256() + ") means generation is not deterministic"));
    }
    return persistAndAck(shard, c.replyTo());
  }

  private ReplyEffect<Event, RunState> onRecordCoupling(Active state, RecordCoupling c) {
    Optional<String> refusal = state.refuseReport(c.coupling().stage());
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    if (state.stages().get(c.coupling().stage()).coupling().filter(c.coupling()::equals).isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // a retried report of the same coupling
    }
    return persistAndAck(c.coupling(), c.replyTo());
  }

  private ReplyEffect<Event, RunState> onRecordCheckpoint(Active state, RecordCheckpoint c) {
    Optional<String> refusal = state.refuseCheckpoint(c.checkpoint());
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    return state.isRecorded(c.checkpoint()) ? Effect().reply(c.replyTo(), StatusReply.ack())
        : persistAndAck(c.checkpoint(), c.replyTo());
  }

  private ReplyEffect<Event, RunState> onRecordMetrics(Map<String, StageRecord> stages, RecordMetrics c) {
    var m = c.metrics();
    Optional<StageRecord> stage = stages.values().stream().filter(s -> s.checkpoint(m.checkpointId()).isPresent()).findFirst();
    if (stage.isEmpty()) {
      return Effect().reply(c.replyTo(), StatusReply.error("no checkpoint '" + m.checkpointId() + "' in run " + runId));
    }
    if (!stage.get().id().equals(m.stage())) {
      return Effect().reply(c.replyTo(), StatusReply.error("checkpoint '" + m.checkpointId() + "' belongs to stage '"
          + stage.get().id() + "', not '" + m.stage() + "'"));
    }
    if (stage.get().isEvaluated(m.checkpointId(), m.solver())) {
      return Effect().reply(c.replyTo(), StatusReply.ack()); // already recorded: once per checkpoint and solver
    }
    return persistAndAck(m, c.replyTo());
  }

  private ReplyEffect<Event, RunState> onCompleteStage(Active state, CompleteStage c) {
    Optional<String> refusal = state.refuseReport(c.stage())
        .or(() -> state.stages().get(c.stage()).checkpoint(c.finalCheckpoint()).isPresent() ? Optional.empty()
            : Optional.of("stage '" + c.stage() + "' saved no checkpoint '" + c.finalCheckpoint() + "'"));
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    return persistAndAck(new Event.StageCompleted(c.stage(), c.finalCheckpoint()), c.replyTo());
  }

  private ReplyEffect<Event, RunState> onCompleteRun(Active state, CompleteRun c) {
    Optional<String> refusal = state.refuseCompletion();
    return refusal.isPresent() ? Effect().reply(c.replyTo(), StatusReply.error(refusal.get()))
        : persistAndAck(new Event.ExperimentCompleted(Instant.now()), c.replyTo());
  }

  private ReplyEffect<Event, RunState> onFailStage(Active state, FailStage c) {
    Optional<String> refusal = state.refuseReport(c.stage());
    if (refusal.isPresent()) {
      return Effect().reply(c.replyTo(), StatusReply.error(refusal.get()));
    }
    String reason = Redaction.text(c.reason()); // a JDBC url's password must not become history
    if (!state.lastVariantFails(c.stage())) { // its sibling variants go on; the run completes with failures
      return persistAndAck(new Event.StageFailed(c.stage(), reason), c.replyTo());
    }
    return Effect().persist(List.of(new Event.StageFailed(c.stage(), reason),
            new Event.ExperimentFailed("stage " + c.stage() + " failed: " + reason)))
        .thenReply(c.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, RunState> persistAndAck(Event event, ActorRef<StatusReply<Done>> replyTo) {
    return Effect().persist(event).thenReply(replyTo, s -> StatusReply.ack());
  }

  /** Replies a refusal on whatever reply channel the command has (GetRun is never refused). */
  private ReplyEffect<Event, RunState> refuse(Command c, String reason) {
    if (c instanceof StartStage s) {
      return Effect().reply(s.replyTo(), StatusReply.error(reason));
    }
    if (c instanceof Resume r) {
      return Effect().reply(r.replyTo(), StatusReply.error(reason));
    }
    if (c instanceof Cancel r) {
      return Effect().reply(r.replyTo(), StatusReply.error(reason));
    }
    return Effect().reply(statusChannel(c), StatusReply.error(reason));
  }

  private static ActorRef<StatusReply<Done>> statusChannel(Command c) {
    if (c instanceof Submit s) {
      return s.replyTo();
    } else if (c instanceof AssignStage s) {
      return s.replyTo();
    } else if (c instanceof RecordShard s) {
      return s.replyTo();
    } else if (c instanceof RecordCoupling s) {
      return s.replyTo();
    } else if (c instanceof RecordCheckpoint s) {
      return s.replyTo();
    } else if (c instanceof RecordMetrics s) {
      return s.replyTo();
    } else if (c instanceof CompleteStage s) {
      return s.replyTo();
    } else if (c instanceof CompleteRun s) {
      return s.replyTo();
    } else if (c instanceof FailStage s) {
      return s.replyTo();
    }
    throw new IllegalStateException("unhandled command " + c.getClass().getSimpleName());
  }

  @Override
  public EventHandler<RunState, Event> eventHandler() {
    EventHandlerBuilder<RunState, Event> b = newEventHandlerBuilder();
    b.forStateType(NotSubmitted.class)
        .onEvent(Event.ExperimentSubmitted.class, (state, e) -> Active.submitted(e));
    b.forStateType(Finished.class)
        .onEvent(Event.MetricsRecorded.class, (state, e) -> state.withMetrics(e))
        .onEvent(Event.DataChangeAccepted.class, (state, e) -> state.withAccepted(e))
        .onEvent(Event.ExperimentResumed.class, (state, e) -> state.resumed());
    b.forStateType(Active.class)
        .onEvent(Event.ExperimentCompleted.class,
            (state, e) -> new Finished(state.run(), state.stages(), Optional.of(e.completedAt()), Optional.empty()))
        .onEvent(Event.ExperimentFailed.class,
            (state, e) -> new Finished(state.run(), state.stages(), Optional.empty(), Optional.of(e.reason())))
        .onEvent(Event.ExperimentCancelled.class, Finished::ofCancelled)
        .onEvent(Event.class, Active::apply);
    return b.build();
  }
}
