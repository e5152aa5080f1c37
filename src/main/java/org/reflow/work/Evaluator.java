package org.reflow.work;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.reflow.experiment.CborSerializable;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.spec.SourceSpec;

/**
 * Measures a checkpoint: samples its flow from fixed evaluation points with each solver asked
 * for, compares the samples with the target ({@link org.reflow.metrics.SampleQuality}) and
 * measures the flow's straightness, recording one {@link Event.MetricsRecorded} per solver in the
 * run's {@link Experiment} — the next solver only once the last is recorded. The evaluation points
 * depend on the seed alone, so every stage and step of a run is measured on the same points.
 * One solver per message, so the actor answers between solvers. Any error answers
 * {@link EvaluationFailed} with its reason; an evaluation does not fail its stage.
 *
 * <p>Numeric work: spawn it on {@link Trainer#dispatcher}.
 */
public final class Evaluator {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "evaluator");

  /** How long the Experiment may take to persist a report; past it the evaluation fails rather than hang. */
  private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);

  /** Evaluations queued behind the running one; more is a caller's bug, answered with a failure. */
  private static final int QUEUE_CAPACITY = 64;

  public sealed interface Command extends CborSerializable {}

  /** Measure checkpoint {@code checkpointId} (step {@code step} of {@code stage}) with each solver and record it. */
  public record Evaluate(String runId, String stage, String checkpointId, String checkpointSha256, long step,
      ModelSpecFields model, SourceSpec source, SourceSpec target, long seed,
      int samples, List<String> solvers, ArtifactSource artifacts,
      ActorRef<Experiment.Command> experiment, ActorRef<Evaluated> replyTo) implements Command {}

  // The Experiment's answers to this Evaluator's reports.
  record SolverRecorded(Event.MetricsRecorded metrics) implements Command {}

  record ReportRefused(String reason) implements Command {}

  public sealed interface Evaluated extends CborSerializable {
    /** The checkpoint that was evaluated, or failed to be. */
    String checkpointId();
  }

  /** bySolver: solver text -> metric name -> value (SampleQuality.asMap() plus "straightness"). */
  public record Evaluation(String stage, String checkpointId, long step, Map<String, Map<String, Double>> bySolver)
      implements Evaluated {}

  /** The reason is what a person can act on. */
  public record EvaluationFailed(String stage, String checkpointId, String reason) implements Evaluated {}

  private final ActorContext<Command> context;
  private final StashBuffer<Command> queue;
  private final EvaluationSession.TargetCache targets = new EvaluationSession.TargetCache();

  private Evaluator(ActorContext<Command> context, StashBuffer<Command> queue) {
    this.context = context;
    this.queue = queue;
  }

  public static Behavior<Command> create() {
    Behavior<Command> evaluator = Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.withStash(QUEUE_CAPACITY, queue -> new Evaluator(context, queue).idle());
    });
    // Every handler turns errors into a failed evaluation; this only keeps an Evaluator available after a bug.
    return Behaviors.supervise(evaluator)
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(Evaluate.class, this::onEvaluate)
        .onAnyMessage(late -> Behaviors.same()) // a finished evaluation's report: nothing left to do
        .build();
  }

  private Behavior<Command> evaluating(EvaluationSession job) {
    return Behaviors.receive(Command.class)
        .onMessage(Evaluate.class, this::enqueue)
        .onMessage(SolverRecorded.class, m -> onSolverRecorded(job, m))
        .onMessage(ReportRefused.class, m -> fail(job, m.reason()))
        .build();
  }

  private Behavior<Command> onEvaluate(Evaluate order) {
    EvaluationSession job = new EvaluationSession(order, NodeArtifacts.open(context.getSystem(), order.artifacts()), targets);
    try {
      job.start();
    } catch (RuntimeException e) {
      return fail(job, "the evaluation could not start: " + Simulator.reason(e));
    }
    return nextSolver(job);
  }

  private Behavior<Command> enqueue(Evaluate next) {
    if (queue.isFull()) {
      next.replyTo().tell(new EvaluationFailed(next.stage(), next.checkpointId(), "evaluator "
          + context.getSelf().path().name() + " already has " + QUEUE_CAPACITY
          + " evaluations queued; send the checkpoint to another Evaluator (Evaluator.KEY)"));
    } else {
      queue.stash(next);
    }
    return Behaviors.same();
  }

  /** Measures the next solver, then asks the Experiment to record it; its answer moves on. */
  private Behavior<Command> nextSolver(EvaluationSession job) {
    String solver = job.nextSolver();
    Event.MetricsRecorded metrics;
    try {
      metrics = job.measure(solver);
    } catch (RuntimeException e) {
      return fail(job, "measuring with solver '" + solver + "' failed: " + Simulator.reason(e));
    }
    context.askWithStatus(Done.class, job.order.experiment(), REPORT_TIMEOUT,
        replyTo -> new Experiment.RecordMetrics(metrics, replyTo),
        (done, error) -> error == null ? new SolverRecorded(metrics) : new ReportRefused(
            "the Experiment did not record the metrics of checkpoint " + metrics.checkpointId() + " with solver '"
                + metrics.solver() + "': " + Simulator.reason(error)));
    return evaluating(job);
  }

  private Behavior<Command> onSolverRecorded(EvaluationSession job, SolverRecorded m) {
    job.recorded(m.metrics());
    if (!job.finished()) {
      return nextSolver(job);
    }
    job.order.replyTo().tell(new Evaluation(job.order.stage(), job.order.checkpointId(), job.order.step(), job.bySolver()));
    return queue.unstashAll(idle());
  }

  private Behavior<Command> fail(EvaluationSession job, String reason) {
    job.order.replyTo().tell(new EvaluationFailed(job.order.stage(), job.order.checkpointId(), reason));
    return queue.unstashAll(idle());
  }
}
