package org.reflow.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.stream.SourceRef;
import org.reflow.cluster.ArtifactServer;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.Plan;
import org.reflow.spec.StageKind;
import org.reflow.spec.StageSpec;
import org.reflow.store.ArtifactStore;
import org.reflow.work.ArtifactSource;
import org.reflow.work.Coupler;
import org.reflow.work.Evaluator;
import org.reflow.work.PairBatchPart;
import org.reflow.work.PairsRequest;
import org.reflow.work.Simulator;
import org.reflow.work.Trainer;

/**
 * Conducts one run: submits it to its {@link Experiment}, then whenever the Experiment's state
 * shows stages whose inputs are complete, starts them there and hands them to workers found
 * through the Receptionist — pairs from a {@link Coupler} (after a {@link Simulator} generated
 * them, for reflow and distill stages) into a {@link Trainer}, checkpoints to an
 * {@link Evaluator} as they are saved. Branches of one teacher run side by side when workers
 * are free. It keeps no history of its own: what happened is what the Experiment persisted.
 *
 * <p>Resuming, it asks the Experiment to continue the run with a {@link ResumePlan}: unfinished
 * stages start again — training from their restart checkpoint, couplings keeping their intact
 * shards — and every checkpoint due an evaluation that has none gets one. Once every stage is
 * completed and every evaluation answered, it completes the run.
 */
public final class Conductor extends AbstractBehavior<Conductor.Command> {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  /** Local messages only: the Conductor runs beside the command that started the run. */
  public sealed interface Command extends NoSerializationVerificationNeeded {}

  private record Workers(Receptionist.Listing listing) implements Command {}

  private record Submitted(Optional<String> refusal) implements Command {}

  private record Resumed(Optional<Event.ExperimentResumed> event, String refusal) implements Command {}

  private record Observed(RunState state) implements Command {}

  /** The Experiment answered a failure or completion report: look at the run again. */
  private enum Reported implements Command { INSTANCE }

  private record Started(String stage, int attempt, Optional<String> refusal) implements Command {}

  /** A worker stopped: its node left or was downed (a crash), or this system is shutting down. */
  private record WorkerLost(ActorRef<?> worker) implements Command {}

  /** The run as the Experiment saw it once a lost stage's worker was gone: restart it from there. */
  private record Relost(String stage, String role, String node, RunState state) implements Command {}

  private record PairsOpened(String stage, Optional<ResumePlan.Restart> restart, ActorRef<Trainer.Command> trainer,
      Optional<SourceRef<PairBatchPart>> pairs, String failure) implements Command {}

  /** A stage whose pairs can be opened as soon as a Trainer is free, and the checkpoint it continues. */
  private record Waiting(String stage, PairsRequest request, Optional<ResumePlan.Restart> restart) {}

  private record FromSimulator(Simulator.Generated reply) implements Command {}

  private record FromTrainer(Trainer.Progress progress) implements Command {}

  private record FromEvaluator(Evaluator.Evaluated reply) implements Command {}

  /** A person cancelled the run and its Experiment recorded it ({@link CancelWatch}): the run is over as it stands. */
  record Cancelled(RunState state) implements Command {}

  private final ExperimentSpec spec;
  private final String runId;
  private final String home;
  private final String host;
  private final ActorRef<Experiment.Command> experiment;
  private final ActorRef<RunUpdate> listener;
  /** Present when this Conductor continues a stopped run. */
  private final Optional<ResumePlan> resume;
  private final EvaluationSchedule evaluations;
  private final StageRequests requests;
  private boolean gapsFilled;
  private final WorkerPool pool = new WorkerPool();
  private final Set<String> dispatched = new HashSet<>();
  /** Stages whose pairs are ready to stream, waiting for a free Trainer (a SourceRef must be taken soon). */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /** Each started stage's current attempt. */
  private final Map<String, Integer> attempts = new LinkedHashMap<>();
  private final Restarts restarts;
  private RunState lastState = new RunState.NotSubmitted();
  private int pendingEvaluations;
  private boolean completing;

  private Conductor(ActorContext<Command> context, ExperimentSpec spec, String runId, String home, String host,
      ActorRef<Experiment.Command> experiment, ActorRef<RunUpdate> listener, Optional<ResumePlan> resume) {
    super(context);
    this.resume = resume;
    this.restarts = new Restarts(resume);
    this.evaluations = new EvaluationSchedule(spec);
    this.spec = spec;
    this.runId = runId;
    this.home = home;
    // the run's store as workers on any node reach it: served by this Conductor's ArtifactServer
    ArtifactSource artifacts = new ArtifactSource(home,
        context.spawn(ArtifactServer.create(ArtifactStore.open(Path.of(home))), "artifacts"));
    this.requests = new StageRequests(spec, runId, artifacts, experiment);
    this.host = host;
    this.experiment = experiment;
    this.listener = listener;
  }

  /**
   * Conducts {@code spec} as run {@code runId}, with artifacts under {@code home}: a new run, or
   * with {@code resume} the continuation of a stopped one (whose recorded spec {@code spec} is).
   */
  public static Behavior<Command> create(ExperimentSpec spec, String runId, String home, String host,
      ActorRef<Experiment.Command> experiment, ActorRef<RunUpdate> listener, Optional<ResumePlan> resume) {
    return Behaviors.setup(context -> {
      // One adapter for every listing: a second adapter for the same class would replace the first.
      ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, Workers::new);
      for (ServiceKey<?> key : List.of(Coupler.KEY, Trainer.KEY, Simulator.KEY, Evaluator.KEY)) {
        context.getSystem().receptionist().tell(Receptionist.subscribe(key, listings));
      }
      Conductor conductor = new Conductor(context, spec, runId, home, host, experiment, listener, resume);
      context.spawn(CancelWatch.create(Path.of(home), runId, experiment, context.getSelf()), "cancel-watch");
      if (resume.isPresent()) {
        conductor.resume(resume.get());
      } else {
        conductor.submit();
      }
      return conductor;
    });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Workers.class, this::onWorkers)
        .onMessage(Submitted.class, this::onSubmitted)
        .onMessage(Resumed.class, this::onResumed)
        .onMessage(Observed.class, this::onObserved)
        .onMessage(Reported.class, m -> {
          refresh();
          return this;
        })
        .onMessage(Started.class, this::onStarted)
        .onMessage(WorkerLost.class, this::onWorkerLost)
        .onMessage(Relost.class, this::onRelost)
        .onMessage(PairsOpened.class, this::onPairsOpened)
        .onMessage(FromSimulator.class, this::onSimulator)
        .onMessage(FromTrainer.class, this::onTrainer)
        .onMessage(FromEvaluator.class, this::onEvaluator)
        .onMessage(Cancelled.class, m -> {
          lastState = m.state();
          return end(); // workers mid-step stop with this process; what they had recorded stays
        })
        .build();
  }

  private void submit() {
    Map<String, List<String>> inputs = Plan.of(spec.stages()).inputs();
    getContext().askWithStatus(Done.class, experiment, ASK_TIMEOUT,
        replyTo -> new Experiment.Submit(spec.name(), spec.effectiveYaml(), spec.sha256(), spec.seed(),
            Instant.now(), host, inputs, spec.directory(), spec.dataSha256(), spec.stageVariants(), replyTo),
        (ok, failure) -> new Submitted(Optional.ofNullable(failure).map(Throwable::getMessage)));
  }

  private void resume(ResumePlan plan) {
    getContext().askWithStatus(Event.ExperimentResumed.class, experiment, ASK_TIMEOUT,
        replyTo -> new Experiment.Resume(Instant.now(), host, plan.restartSteps(),
            plan.keptShards(), plan.acceptedData(), replyTo),
        (resumed, failure) -> new Resumed(Optional.ofNullable(resumed), failure == null ? "" : failure.getMessage()));
  }

  private Behavior<Command> onResumed(Resumed m) {
    if (m.event().isEmpty()) {
      return onSubmitted(new Submitted(Optional.of(m.refusal())));
    }
    listener.tell(new RunUpdate.RunResumed(m.event().get()));
    refresh();
    return this;
  }

  private Behavior<Command> onWorkers(Workers m) {
    List<ActorRef<?>> dropped = new ArrayList<>();
    pool.listed(m.listing(), dropped).forEach(worker -> getContext().watchWith(worker, new WorkerLost(worker)));
    dropped.forEach(this::lose);
    trainWaitingStages();
    fillEvaluationGapsOnce();
    return dispatchReady();
  }

  private Behavior<Command> onSubmitted(Submitted m) {
    if (m.refusal().isPresent()) {
      listener.tell(new RunUpdate.TrainerUpdate(new Trainer.StageFailed(runId, "-", "the run could not be "
          + (resume.isPresent() ? "resumed: " : "submitted: ") + m.refusal().get())));
      return end(); // the command line must hear that the run is over, or it would wait for ever
    }
    if (resume.isEmpty()) {
      listener.tell(new RunUpdate.RunSubmitted(runId, spec.name(), spec.stages().size(), home));
    }
    refresh();
    return this;
  }

  private void refresh() {
    getContext().ask(RunState.class, experiment, ASK_TIMEOUT, Experiment.GetRun::new,
        (state, failure) -> new Observed(state != null ? state : lastState));
  }

  private Behavior<Command> onObserved(Observed m) {
    lastState = m.state();
    fillEvaluationGapsOnce();
    return dispatchReady();
  }

  /**
   * A resumed run's owed evaluations, once it is observed and an Evaluator is known (the
   * Receptionist's listing may come later).
   */
  private void fillEvaluationGapsOnce() {
    if (resume.isPresent() && !gapsFilled && lastState instanceof RunState.Active active && pool.has(Evaluator.KEY)) {
      gapsFilled = true;
      evaluations.gaps(active, resume.get()).forEach(this::evaluate);
    }
  }

  private Behavior<Command> dispatchReady() {
    if (lastState instanceof RunState.Finished) {
      return pendingEvaluations == 0 ? end() : this;
    }
    if (lastState instanceof RunState.Active active && active.settled()) {
      return completeWhenEvaluated();
    }
    if (!(lastState instanceof RunState.Active active) || !pool.has(Trainer.KEY) || !pool.has(Coupler.KEY)) {
      return this;
    }
    for (String stage : active.readyStages()) {
      StageKind kind = spec.stages().get(stage).kind();
      if (dispatched.contains(stage) || (kind != StageKind.RECTIFY && !pool.has(Simulator.KEY))) {
        continue;
      }
      dispatched.add(stage);
      startStage(stage);
    }
    return this;
  }

  /** Asks the Experiment to start a new attempt of {@code stage}. */
  private void startStage(String stage) {
    getContext().askWithStatus(Integer.class, experiment, ASK_TIMEOUT,
        replyTo -> new Experiment.StartStage(stage, replyTo),
        (attempt, failure) -> new Started(stage, attempt == null ? 0 : attempt,
            Optional.ofNullable(failure).map(Throwable::getMessage)));
  }

  private Behavior<Command> onStarted(Started m) {
    if (m.refusal().isPresent()) {
      return failBeforeTraining(m.stage(), "the Experiment refused to start it: " + m.refusal().get());
    }
    attempts.put(m.stage(), m.attempt());
    StageSpec stage = spec.stages().get(m.stage());
    Optional<ResumePlan.Restart> restart = restarts.restartOf(m.stage());
    if (restart.isPresent() && restart.get().step() >= stage.train().steps()) {
      return completeTrainedStage(m.stage(), restart.get());
    }
    StageRecord recorded = ((RunState.Active) lastState).stages().get(m.stage());
    if (stage.kind() != StageKind.RECTIFY && restarts.keepsCoupling(m.stage(), recorded)) {
      openPairs(m.stage(), requests.recordedPairs(m.stage(), recorded));
    } else if (stage.kind() == StageKind.RECTIFY) {
      openPairs(m.stage(), requests.freshPairs(m.stage()));
    } else {
      ActorRef<Simulator.Generated> replyTo = getContext().messageAdapter(Simulator.Generated.class, FromSimulator::new);
      Simulator.Generate generate = requests.generate(m.stage(), lastState, restarts.keptShards(m.stage(), recorded), replyTo);
      listener.tell(new RunUpdate.GeneratingPairs(m.stage(), generate.pairs(), generate.solver()));
      ActorRef<Simulator.Command> simulator = pool.pick(Simulator.KEY);
      pool.simulating(simulator, m.stage());
      assign(m.stage(), "simulator", simulator);
      simulator.tell(generate);
    }
    return this;
  }

  /** A resumed stage whose last checkpoint is its final step: only its completion was never recorded. */
  private Behavior<Command> completeTrainedStage(String stage, ResumePlan.Restart last) {
    getContext().askWithStatus(Done.class, experiment, ASK_TIMEOUT,
        replyTo -> new Experiment.CompleteStage(stage, last.checkpointId(), replyTo),
        (ok, failure) -> failure == null ? new FromTrainer(new Trainer.StageCompleted(runId, stage, last.checkpointId(), last.step()))
            : new FromTrainer(new Trainer.StageFailed(runId, stage, "its completion was not recorded: " + failure.getMessage())));
    return this;
  }

  private Behavior<Command> onSimulator(FromSimulator m) {
    listener.tell(new RunUpdate.SimulatorUpdate(m.reply()));
    if (m.reply() instanceof Simulator.ShardWritten) {
      return this;
    }
    pool.generated(m.reply().stage());
    if (m.reply() instanceof Simulator.CouplingReady ready) {
      openPairs(ready.stage(), requests.storedPairs(ready.stage(), ready.shards()));
    } else {
      refresh(); // the Simulator failed the stage in the Experiment: its variant, or the run, is over
    }
    return this;
  }

  private void openPairs(String stage, PairsRequest request) {
    waiting.add(new Waiting(stage, request, restarts.restartOf(stage)));
    trainWaitingStages();
  }

  /**
   * Gives waiting stages to free Trainers. Pairs are opened only now, for a Trainer about to take
   * them: a SourceRef not subscribed within Pekko's subscription timeout is torn down.
   */
  private void trainWaitingStages() {
    Optional<ActorRef<Trainer.Command>> free;
    while (!waiting.isEmpty() && (free = pool.freeTrainer()).isPresent()) {
      ActorRef<Trainer.Command> trainer = free.get();
      Waiting next = waiting.poll();
      pool.training(trainer, next.stage());
      getContext().ask(Coupler.SourceRefReply.class, pool.<Coupler.Command>pick(Coupler.KEY), ASK_TIMEOUT,
          replyTo -> requests.openPairs(next.stage(), next.request(), next.restart(), replyTo),
          (reply, failure) -> new PairsOpened(next.stage(), next.restart(), trainer,
              Optional.ofNullable(reply).map(Coupler.SourceRefReply::pairs), failure == null ? "" : failure.getMessage()));
    }
  }

  private Behavior<Command> onPairsOpened(PairsOpened m) {
    if (m.pairs().isEmpty()) {
      pool.trainerFree(m.trainer());
      return failBeforeTraining(m.stage(), "no Coupler answered: " + m.failure());
    }
    ActorRef<Trainer.Progress> progress = getContext().messageAdapter(Trainer.Progress.class, FromTrainer::new);
    Trainer.Train train = requests.train(m.stage(), lastState, m.restart(), m.pairs().get(), progress);
    assign(m.stage(), "trainer", m.trainer());
    m.trainer().tell(train);
    return this;
  }

  private void trainerFinished(String stage) {
    pool.trained(stage);
    trainWaitingStages();
  }

  private Behavior<Command> onTrainer(FromTrainer m) {
    listener.tell(new RunUpdate.TrainerUpdate(m.progress()));
    if (m.progress() instanceof Trainer.CheckpointSaved saved) {
      if (pool.has(Evaluator.KEY)) {
        evaluations.next(saved.stage(), saved.checkpointId(), saved.sha256(), saved.step(),
            Optional.ofNullable(stages(lastState).get(saved.stage()))).ifPresent(this::evaluate);
      }
    } else if (m.progress() instanceof Trainer.StageCompleted c) {
      trainerFinished(c.stage());
      refresh();
    } else if (m.progress() instanceof Trainer.StageFailed f) {
      trainerFinished(f.stage());
      refresh();
    }
    return this;
  }

  private void evaluate(EvaluationSchedule.Due due) {
    pendingEvaluations++;
    ActorRef<Evaluator.Evaluated> replyTo = getContext().messageAdapter(Evaluator.Evaluated.class, FromEvaluator::new);
    ActorRef<Evaluator.Command> evaluator = pool.pick(Evaluator.KEY);
    pool.owes(evaluator, due);
    evaluator.tell(requests.evaluate(due, replyTo));
  }

  private static Map<String, StageRecord> stages(RunState state) {
    if (state instanceof RunState.Active a) {
      return a.stages();
    }
    return state instanceof RunState.Finished f ? f.stages() : Map.of();
  }

  private Behavior<Command> onEvaluator(FromEvaluator m) {
    pendingEvaluations--;
    pool.evaluated(m.reply().checkpointId());
    listener.tell(new RunUpdate.EvaluatorUpdate(m.reply()));
    if (pendingEvaluations > 0) {
      return this;
    }
    return lastState instanceof RunState.Finished ? end() : completeWhenEvaluated();
  }

  /** Every stage is completed (or stopped with its failed variant): once the last evaluation answered, the run is. */
  private Behavior<Command> completeWhenEvaluated() {
    if (pendingEvaluations == 0 && !completing && lastState instanceof RunState.Active a && a.settled()) {
      completing = true;
      getContext().askWithStatus(Done.class, experiment, ASK_TIMEOUT, Experiment.CompleteRun::new,
          (ok, failure) -> Reported.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> failBeforeTraining(String stage, String reason) {
    listener.tell(new RunUpdate.TrainerUpdate(new Trainer.StageFailed(runId, stage, reason)));
    getContext().askWithStatus(Done.class, experiment, ASK_TIMEOUT,
        replyTo -> new Experiment.FailStage(stage, reason, replyTo), (ok, failure) -> Reported.INSTANCE);
    return this;
  }

  /**
   * Records where a stage's work runs ({@link Event.StageAssigned}) before the worker hears of it,
   * so the event precedes every report of the attempt.
   */
  private void assign(String stage, String role, ActorRef<?> worker) {
    experiment.tell(new Experiment.AssignStage(stage, attempts.getOrDefault(stage, 1), role, nodeOf(worker),
        getContext().getSystem().ignoreRef()));
    if (worker.path().address().hasGlobalScope()) {
      listener.tell(new RunUpdate.WorkAssigned(stage, role, nodeOf(worker)));
    }
  }

  /** A worker's node: its cluster address (host:port), or this machine's name when the run is not a cluster. */
  private String nodeOf(ActorRef<?> worker) {
    Address address = worker.path().address().hasGlobalScope() ? worker.path().address() : getContext().getSystem().address();
    return address.host().isDefined() ? address.host().get() + ":" + address.port().get() : host;
  }

  /**
   * A worker is gone. Its node left or was downed (a crash); the stage it worked on restarts on
   * another worker from the last recorded checkpoint (training) or keeping the recorded shards
   * (generation), and its evaluations go to another Evaluator. Lost while this system stops: nothing to do.
   */
  private Behavior<Command> onWorkerLost(WorkerLost m) {
    lose(m.worker());
    return this;
  }

  /** Restarts what {@code lost} was doing elsewhere; a worker already lost is not lost twice. */
  private void lose(ActorRef<?> lost) {
    WorkerPool.Lost was = pool.lose(lost);
    if (lastState instanceof RunState.Finished) {
      return;
    }
    was.trained().ifPresent(stage -> relose(stage, "trainer", lost));
    was.generated().ifPresent(stage -> relose(stage, "simulator", lost));
    was.owed().forEach(due -> {
      pendingEvaluations--;
      if (pool.has(Evaluator.KEY)) {
        evaluate(due);
      }
    });
    trainWaitingStages();
  }

  private void relose(String stage, String role, ActorRef<?> lost) {
    getContext().ask(RunState.class, experiment, ASK_TIMEOUT, Experiment.GetRun::new,
        (state, failure) -> new Relost(stage, role, nodeOf(lost), state != null ? state : lastState));
  }

  /** Restarts a lost stage as a new attempt, from the run as it stands now the worker is gone. */
  private Behavior<Command> onRelost(Relost m) {
    lastState = m.state();
    if (!(lastState instanceof RunState.Active active)) {
      return dispatchReady();
    }
    long fromStep = restarts.lost(m.stage(), active.stages().get(m.stage()));
    waiting.removeIf(w -> w.stage().equals(m.stage()));
    listener.tell(new RunUpdate.StageLost(m.stage(), m.role(), m.node(), fromStep));
    startStage(m.stage());
    return this;
  }

  private Behavior<Command> end() {
    listener.tell(new RunUpdate.RunEnded(lastState));
    return Behaviors.stopped();
  }
}
