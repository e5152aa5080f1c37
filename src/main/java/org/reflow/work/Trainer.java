package org.reflow.work;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.reflow.experiment.CborSerializable;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;

/**
 * Trains one stage at a time: pulls pair batches from a {@link SourceRef} into itself with
 * backpressure, runs one engine step per batch, writes checkpoints into the artifact store and
 * reports each to the run's {@link Experiment} — taking the next batch only once the Experiment
 * has acknowledged, so no step runs past an unrecorded checkpoint. Any error fails the stage with
 * its reason, in the Experiment and to the progress listener.
 *
 * <p>Owns the numeric engine, so spawn it on the dispatcher {@link #dispatcher} picks: the engine
 * then runs on the numeric threads and no other actor touches it. (A behavior cannot choose its
 * own dispatcher in Pekko Typed; the spawner passes it as Props.)
 */
public final class Trainer {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "trainer");

  /** Configuration path of the dispatcher for numeric work. */
  public static final String NUMERIC_DISPATCHER = "reflow.numeric-dispatcher";

  /** How long the Experiment may take to persist a report; past it the stage fails rather than hang. */
  private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);

  /** Stages queued behind the running one; more is a caller's bug, answered with a failure. */
  private static final int QUEUE_CAPACITY = 32;

  /**
   * At most this many pair batches travel to the Trainer in one message, and at most {@link
   * #MAX_BYTES_PER_MESSAGE} of pairs (one batch always goes, however large): 32 toy batches are
   * 1 MB, while 256 images of 784 pixels are 1.6 MB a batch.
   */
  private static final int MAX_BATCHES_PER_MESSAGE = 32;

  private static final long MAX_BYTES_PER_MESSAGE = 8L << 20;

  public sealed interface Command extends CborSerializable {}

  /**
   * Train {@code stage} of {@code runId} on {@code pairs} and report to {@code experiment}: from
   * step 0 (batch 0 first), or continuing the checkpoint {@code resumeCheckpointSha256} at its
   * step n (then {@code pairs} must start at batch n). {@code couplingId} names the generated
   * coupling the pairs come from, for reflow and distill stages.
   */
  public record Train(
      String runId, String stage, ModelSpecFields model, TrainingConfigFields training, long seed,
      long checkpointEvery, Optional<String> initCheckpointSha256, Optional<String> resumeCheckpointSha256,
      Optional<String> couplingId, SourceRef<PairBatchPart> pairs,
      ActorRef<Experiment.Command> experiment, ArtifactSource artifacts, ActorRef<Progress> progress) implements Command {}

  // The pair stream's protocol with ActorSink.actorRefWithBackpressure.
  record PairsStarted(ActorRef<PairsAck> ackTo) implements Command {}

  /** The batches that arrived while the Trainer was busy, in order: one message, not one per batch. */
  record PairsArrived(ActorRef<PairsAck> ackTo, List<PairBatch> batches) implements Command {}

  enum PairsEnded implements Command { INSTANCE }

  record PairsFailed(String reason) implements Command {}

  /** Lets the stream send the next batch. */
  enum PairsAck implements CborSerializable { INSTANCE }

  // The Experiment's answers to this Trainer's reports.
  record CheckpointRecorded(Event.CheckpointSaved checkpoint) implements Command {}

  enum CompletionRecorded implements Command { INSTANCE }

  record ReportRefused(String reason) implements Command {}

  record FailureRecorded(Optional<String> refusal) implements Command {}

  /** What a listener (the CLI, a test) hears about a stage. */
  public sealed interface Progress extends CborSerializable {}

  /** At most every half second, and at the last step. */
  public record Stepped(String runId, String stage, long step, long total, double loss, double stepsPerSecond)
      implements Progress {}

  /** Sent once the Experiment recorded the checkpoint. */
  public record CheckpointSaved(String runId, String stage, long step, String checkpointId, String sha256, double loss)
      implements Progress {}

  public record StageCompleted(String runId, String stage, String finalCheckpoint, long steps) implements Progress {}

  /** The reason is what a person can act on; it is also the stage's failure in the run's history. */
  public record StageFailed(String runId, String stage, String reason) implements Progress {}

  private final ActorContext<Command> context;
  private final StashBuffer<Command> queue;
  private final Materializer materializer;

  private Trainer(ActorContext<Command> context, StashBuffer<Command> queue) {
    this.context = context;
    this.queue = queue;
    // Tied to this actor: if it stops, its pair stream is cancelled with it.
    this.materializer = Materializer.createMaterializer(context);
  }

  public static Behavior<Command> create() {
    Behavior<Command> trainer = Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.withStash(QUEUE_CAPACITY, queue -> new Trainer(context, queue).idle());
    });
    // Every handler turns errors into a failed stage; this only keeps a Trainer available after a bug.
    return Behaviors.supervise(trainer)
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  }

  /** The numeric dispatcher when the configuration defines one, else the default dispatcher. */
  public static DispatcherSelector dispatcher(ActorSystem<?> system) {
    return system.settings().config().hasPath(NUMERIC_DISPATCHER)
        ? DispatcherSelector.fromConfig(NUMERIC_DISPATCHER) : DispatcherSelector.defaultDispatcher();
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(Train.class, this::onTrain)
        .onAnyMessage(late -> Behaviors.same()) // a finished stage's stream or report: nothing left to do
        .build();
  }

  private Behavior<Command> training(TrainingStage stage) {
    return Behaviors.receive(Command.class)
        .onMessage(Train.class, next -> enqueue(next))
        .onMessage(PairsStarted.class, m -> onPairsStarted(stage, m))
        .onMessage(PairsArrived.class, m -> onPairsArrived(stage, m))
        .onMessage(PairsEnded.class, m -> onPairsEnded(stage))
        .onMessage(PairsFailed.class, m -> onPairsFailed(stage, m))
        .onMessage(CheckpointRecorded.class, m -> onCheckpointRecorded(stage, m))
        .onMessage(CompletionRecorded.class, m -> onCompletionRecorded(stage))
        .onMessage(ReportRefused.class, m -> fail(stage, m.reason()))
        .onMessage(FailureRecorded.class, m -> onFailureRecorded(stage, m))
        .build();
  }

  private Behavior<Command> onTrain(Train order) {
    TrainingStage stage = new TrainingStage(order);
    try {
      stage.engine = TrainingSession.start(order, NodeArtifacts.open(context.getSystem(), order.artifacts()));
      stage.killSwitch = order.pairs().getSource().via(PairFrames.join())
          .viaMat(KillSwitches.single(), Keep.right())
          // A Coupler streams without end; the stage needs this many more batches.
          .take(stage.engine.totalSteps() - stage.engine.completedSteps())
          // Batches that arrive while a step runs travel on together: a message and an acknowledgement per
          // group rather than per step (each hop wakes a thread, costly on a busy machine).
          .batchWeighted(MAX_BYTES_PER_MESSAGE, Trainer::weight, Trainer::startGroup, Trainer::addToGroup)
          // The sink prefetches two groups (its input buffer), so the Coupler fills while this trains.
          .toMat(ActorSink.<List<PairBatch>, Command, PairsAck>actorRefWithBackpressure(context.getSelf(),
              PairsArrived::new, PairsStarted::new, PairsAck.INSTANCE,
              PairsEnded.INSTANCE, e -> new PairsFailed(reason(e)))
              .addAttributes(Attributes.inputBuffer(2, 2)), Keep.left())
          .run(materializer);
    } catch (RuntimeException e) {
      if (stage.killSwitch == null) {
        stage.streamEnded = true; // never materialized: no stream will report an end
        order.pairs().getSource().runWith(Sink.cancelled(), materializer); // frees the Coupler's stream now
      }
      return fail(stage, "the stage could not start: " + reason(e));
    }
    return training(stage);
  }

  private Behavior<Command> enqueue(Train next) {
    if (queue.isFull()) {
      next.progress().tell(new StageFailed(next.runId(), next.stage(), "trainer " + context.getSelf().path().name()
          + " already has " + QUEUE_CAPACITY + " stages queued; send the stage to another Trainer (Trainer.KEY)"));
    } else {
      queue.stash(next);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onPairsStarted(TrainingStage stage, PairsStarted m) {
    m.ackTo().tell(PairsAck.INSTANCE);
    return Behaviors.same();
  }

  private static List<PairBatch> startGroup(PairBatch first) {
    List<PairBatch> group = new ArrayList<>();
    group.add(first);
    return group;
  }

  /** A batch's share of a message: its bytes, and at least the share that caps a message's batch count. */
  private static long weight(PairBatch batch) {
    long bytes = 8L * batch.count() * batch.dim();
    return Math.max(bytes, MAX_BYTES_PER_MESSAGE / MAX_BATCHES_PER_MESSAGE);
  }

  private static List<PairBatch> addToGroup(List<PairBatch> group, PairBatch next) {
    group.add(next);
    return group;
  }

  private Behavior<Command> onPairsArrived(TrainingStage stage, PairsArrived m) {
    if (stage.failure.isPresent()) {
      m.ackTo().tell(PairsAck.INSTANCE); // no step; drained, so that a stream already complete upstream can end
      return Behaviors.same();
    }
    stage.pending.addAll(m.batches());
    return trainPending(stage, m.ackTo());
  }

  /**
   * Trains on the pending batches in order until they are used up (then asks for more) or a
   * checkpoint is due (then holds the rest, and the acknowledgement, until the Experiment recorded it).
   */
  private Behavior<Command> trainPending(TrainingStage stage, ActorRef<PairsAck> ackTo) {
    while (!stage.pending.isEmpty()) {
      PairBatch batch = stage.pending.poll();
      Behavior<Command> next = trainOn(stage, batch, ackTo);
      if (next != null) {
        return next;
      }
    }
    ackTo.tell(PairsAck.INSTANCE);
    return Behaviors.same();
  }

  /** One step; null to go on with the next batch, else the behavior to return (a checkpoint is being recorded, or a failure). */
  private Behavior<Command> trainOn(TrainingStage stage, PairBatch batch, ActorRef<PairsAck> ackTo) {
    long step = stage.engine.completedSteps();
    try {
      stage.engine.step(batch);
      stage.engine.progressDue(System.nanoTime()).ifPresent(p -> stage.order.progress().tell(p));
      if (!stage.engine.checkpointDue()) {
        return null;
      }
      Event.CheckpointSaved saved = stage.engine.saveCheckpoint();
      stage.heldAck = ackTo; // the next batch waits until the Experiment has recorded this checkpoint
      context.askWithStatus(Done.class, stage.order.experiment(), REPORT_TIMEOUT,
          replyTo -> new Experiment.RecordCheckpoint(saved, replyTo),
          (done, error) -> error == null ? new CheckpointRecorded(saved) : new ReportRefused(
              "the Experiment did not record checkpoint " + saved.checkpointId() + " at step " + saved.step() + ": "
                  + reason(error)));
      return Behaviors.same();
    } catch (RuntimeException e) {
      context.getLog().warn("stage '{}' of run {} failed at training step {}", stage.order.stage(), stage.order.runId(), step, e);
      stage.heldAck = ackTo; // released by fail(): the rest of the stream drains unused
      return fail(stage, "training step " + step + " failed: " + reason(e));
    }
  }

  private Behavior<Command> onCheckpointRecorded(TrainingStage stage, CheckpointRecorded m) {
    Event.CheckpointSaved c = m.checkpoint();
    stage.engine.recorded(c);
    stage.order.progress().tell(new CheckpointSaved(stage.order.runId(), c.stage(), c.step(), c.checkpointId(),
        c.sha256(), c.loss()));
    ActorRef<PairsAck> ack = stage.heldAck;
    stage.heldAck = null;
    if (stage.failure.isPresent()) {
      return Behaviors.same(); // the stream failed while the Experiment was recording: the stage is over
    }
    if (!stage.engine.finished()) {
      return trainPending(stage, ack);
    }
    ack.tell(PairsAck.INSTANCE);
    if (stage.engine.finished()) {
      context.askWithStatus(Done.class, stage.order.experiment(), REPORT_TIMEOUT,
          replyTo -> new Experiment.CompleteStage(stage.order.stage(), c.checkpointId(), replyTo),
          (done, error) -> error == null ? CompletionRecorded.INSTANCE : new ReportRefused(
              "the Experiment did not record the stage's completion: " + reason(error)));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onCompletionRecorded(TrainingStage stage) {
    stage.reported = true;
    stage.order.progress().tell(new StageCompleted(stage.order.runId(), stage.order.stage(),
        stage.engine.lastRecorded().orElseThrow(), stage.engine.completedSteps()));
    return nextStageIfDone(stage);
  }

  private Behavior<Command> onPairsEnded(TrainingStage stage) {
    stage.streamEnded = true;
    if (stage.failure.isEmpty() && !stage.engine.finished()) {
      return fail(stage, "the pair stream ended after " + stage.engine.completedSteps() + " of "
          + stage.engine.totalSteps() + " batches; its Coupler stopped early — restart the stage to continue");
    }
    return nextStageIfDone(stage);
  }

  private Behavior<Command> onPairsFailed(TrainingStage stage, PairsFailed m) {
    stage.streamEnded = true;
    if (stage.failure.isEmpty() && !stage.engine.finished()) {
      return fail(stage, "the pairs for step " + stage.engine.completedSteps() + " could not be delivered: " + m.reason());
    }
    return nextStageIfDone(stage);
  }

  /**
   * Fails the stage once (the first error is the cause; later ones are its consequences). The
   * stream is aborted; if its source had already sent every batch, the abort finds nothing to stop
   * and the sink ends only once its buffered groups are acknowledged: those are drained unused
   * (held or arriving), or the Trainer would never hear the end and never take its next stage.
   */
  private Behavior<Command> fail(TrainingStage stage, String reason) {
    if (stage.failure.isEmpty()) {
      stage.failure = Optional.of(reason);
      stage.pending.clear();
      if (!stage.streamEnded) {
        stage.killSwitch.abort(new IllegalStateException("stage '" + stage.order.stage() + "' failed: " + reason));
      }
      if (stage.heldAck != null) {
        stage.heldAck.tell(PairsAck.INSTANCE);
        stage.heldAck = null;
      }
      context.askWithStatus(Done.class, stage.order.experiment(), REPORT_TIMEOUT,
          replyTo -> new Experiment.FailStage(stage.order.stage(), reason, replyTo),
          (done, error) -> new FailureRecorded(error == null ? Optional.empty() : Optional.of(reason(error))));
    }
    return training(stage);
  }

  private Behavior<Command> onFailureRecorded(TrainingStage stage, FailureRecorded m) {
    stage.reported = true;
    String reason = stage.failure.orElseThrow()
        + m.refusal().map(r -> " (and the Experiment did not record this failure: " + r + ")").orElse("");
    stage.order.progress().tell(new StageFailed(stage.order.runId(), stage.order.stage(), reason));
    return nextStageIfDone(stage);
  }

  /** Idle again once both the report and the stream are over: no late message can touch the next stage. */
  private Behavior<Command> nextStageIfDone(TrainingStage stage) {
    return stage.reported && stage.streamEnded ? queue.unstashAll(idle()) : Behaviors.same();
  }

  /** An exception's message, or its type when it has none (a reason must never read "null"). */
  private static String reason(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Where one stage stands; confined to this actor. */
  private static final class TrainingStage {
    final Train order;
    TrainingSession engine;
    UniqueKillSwitch killSwitch;
    ActorRef<PairsAck> heldAck;
    /** Batches received and not yet trained on (the rest of a group, held while a checkpoint is recorded). */
    final ArrayDeque<PairBatch> pending = new ArrayDeque<>();
    Optional<String> failure = Optional.empty();
    boolean streamEnded;
    boolean reported;

    TrainingStage(Train order) {
      this.order = order;
    }
  }
}
