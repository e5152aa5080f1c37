package org.reflow.work;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Generates the coupling of a reflow stage: simulates the teacher's flow from fresh X0 ~ π0
 * (Liu, Gong &amp; Liu 2022, Algorithm 1) shard by shard into the artifact store, reporting each
 * shard to the run's {@link Experiment} and taking the next one only once it is recorded, then
 * the whole coupling. One shard per message, so the actor answers between shards. Any error
 * fails the stage with its reason, in the Experiment and to the caller.
 *
 * <p>Numeric work: spawn it on {@link Trainer#dispatcher}.
 */
public final class Simulator {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "simulator");

  /** How long the Experiment may take to persist a report; past it the stage fails rather than hang. */
  private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);

  /** Couplings queued behind the running one; more is a caller's bug, answered with a failure. */
  private static final int QUEUE_CAPACITY = 32;

  public sealed interface Command extends CborSerializable {}

  /**
   * Simulate the teacher flow from fresh X0 ~ π0 into a sharded coupling in the store, reporting
   * each shard and the whole to the Experiment. Shards in {@code keptShards} (index → SHA-256, from
   * an earlier attempt) are reused when their artifact is intact, and regenerated otherwise.
   */
  public record Generate(String runId, String stage, String couplingId, ModelSpecFields teacherModel,
      String teacherCheckpointId, String teacherSha256, SourceSpec source, long seed,
      String solver, long pairs, int shardSize, Map<Integer, String> keptShards, ArtifactSource artifacts,
      ActorRef<Experiment.Command> experiment, ActorRef<Generated> replyTo) implements Command {}

  // The Experiment's answers to this Simulator's reports.
  record ShardRecorded(Event.CouplingShardWritten shard) implements Command {}

  enum CouplingRecorded implements Command { INSTANCE }

  record ReportRefused(String reason) implements Command {}

  record FailureRecorded(Optional<String> refusal) implements Command {}

  public sealed interface Generated extends CborSerializable {
    /** The stage the pairs are for. */
    String stage();
  }

  /** Progress: shard {@code index} (of {@code shards}) is recorded in the Experiment, kept or generated. */
  public record ShardWritten(String stage, int index, int shards) implements Generated {}

  /** The coupling is recorded in the Experiment; its shards, in order, ready for {@link PairsRequest.StoredPairs}. */
  public record CouplingReady(String stage, String couplingId, List<PairsRequest.Shard> shards) implements Generated {}

  /** The reason is what a person can act on; it is also the stage's failure in the run's history. */
  public record GenerationFailed(String stage, String reason) implements Generated {}

  private final ActorContext<Command> context;
  private final StashBuffer<Command> queue;

  private Simulator(ActorContext<Command> context, StashBuffer<Command> queue) {
    this.context = context;
    this.queue = queue;
  }

  public static Behavior<Command> create() {
    Behavior<Command> simulator = Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.withStash(QUEUE_CAPACITY, queue -> new Simulator(context, queue).idle());
    });
    // Every handler turns errors into a failed stage; this only keeps a Simulator available after a bug.
    return Behaviors.supervise(simulator)
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(Generate.class, this::onGenerate)
        .onAnyMessage(late -> Behaviors.same()) // a finished coupling's report: nothing left to do
        .build();
  }

  private Behavior<Command> generating(SimulationSession job) {
    return Behaviors.receive(Command.class)
        .onMessage(Generate.class, this::enqueue)
        .onMessage(ShardRecorded.class, m -> onShardRecorded(job, m))
        .onMessage(CouplingRecorded.class, m -> onCouplingRecorded(job))
        .onMessage(ReportRefused.class, m -> fail(job, m.reason()))
        .onMessage(FailureRecorded.class, m -> onFailureRecorded(job, m))
        .build();
  }

  private Behavior<Command> onGenerate(Generate order) {
    SimulationSession job = new SimulationSession(order, NodeArtifacts.open(context.getSystem(), order.artifacts()));
    try {
      job.start();
    } catch (RuntimeException e) {
      return fail(job, "the coupling could not start: " + reason(e));
    }
    return nextShard(job);
  }

  private Behavior<Command> enqueue(Generate next) {
    if (queue.isFull()) {
      next.replyTo().tell(new GenerationFailed(next.stage(), "simulator " + context.getSelf().path().name()
          + " already has " + QUEUE_CAPACITY + " couplings queued; send the stage to another Simulator (Simulator.KEY)"));
    } else {
      queue.stash(next);
    }
    return Behaviors.same();
  }

  /** Generates and stores the next shard, then asks the Experiment to record it; its answer moves on. */
  private Behavior<Command> nextShard(SimulationSession job) {
    int s = job.nextShard();
    Event.CouplingShardWritten shard;
    try {
      shard = job.writeShard(s);
    } catch (RuntimeException e) {
      context.getLog().warn("shard {} of coupling {} could not be generated", s, job.order.couplingId(), e);
      return fail(job, "shard " + s + " of " + job.shards() + " could not be generated: " + reason(e));
    }
    context.askWithStatus(Done.class, job.order.experiment(), REPORT_TIMEOUT,
        replyTo -> new Experiment.RecordShard(shard, replyTo),
        (done, error) -> error == null ? new ShardRecorded(shard) : new ReportRefused(
            "the Experiment did not record shard " + shard.shardIndex() + " of coupling " + shard.couplingId() + ": "
                + reason(error)));
    return generating(job);
  }

  private Behavior<Command> onShardRecorded(SimulationSession job, ShardRecorded m) {
    job.recorded(m.shard());
    job.order.replyTo().tell(new ShardWritten(job.order.stage(), m.shard().shardIndex(), job.shards()));
    if (!job.finished()) {
      return nextShard(job);
    }
    Event.CouplingMaterialized coupling = job.materialized();
    context.askWithStatus(Done.class, job.order.experiment(), REPORT_TIMEOUT,
        replyTo -> new Experiment.RecordCoupling(coupling, replyTo),
        (done, error) -> error == null ? CouplingRecorded.INSTANCE : new ReportRefused(
            "the Experiment did not record coupling " + coupling.couplingId() + ": " + reason(error)));
    return Behaviors.same();
  }

  private Behavior<Command> onCouplingRecorded(SimulationSession job) {
    job.close();
    job.order.replyTo().tell(new CouplingReady(job.order.stage(), job.order.couplingId(), job.shardList()));
    return queue.unstashAll(idle());
  }

  /** Fails the stage in the Experiment; the caller hears once the Experiment answered. */
  private Behavior<Command> fail(SimulationSession job, String reason) {
    if (job.failure != null) {
      return Behaviors.same(); // the first error is the cause; later ones are its consequences
    }
    job.close();
    job.failure = reason;
    context.askWithStatus(Done.class, job.order.experiment(), REPORT_TIMEOUT,
        replyTo -> new Experiment.FailStage(job.order.stage(), reason, replyTo),
        (done, error) -> new FailureRecorded(error == null ? Optional.empty() : Optional.of(reason(error))));
    return generating(job);
  }

  private Behavior<Command> onFailureRecorded(SimulationSession job, FailureRecorded m) {
    String reason = job.failure
        + m.refusal().map(r -> " (and the Experiment did not record this failure: " + r + ")").orElse("");
    job.order.replyTo().tell(new GenerationFailed(job.order.stage(), reason));
    return queue.unstashAll(idle());
  }

  /** An exception's message, or its type when it has none (a reason must never read "null"). */
  static String reason(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
