package org.reflow.work;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.stream.LongStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.reflow.coupling.Coupling;
import org.reflow.spec.Pairing;
import org.reflow.experiment.CborSerializable;

/**
 * Serves pair batches: given a {@link PairsRequest}, streams batch n, n+1, … of its coupling as
 * a {@link SourceRef}, so the consumer may sit in this JVM or on another node. Batch n is a pure
 * function of (request, n, batch size): a stage resumed at step n asks from batch n and sees the
 * batches an uninterrupted stage would have seen.
 */
public final class Coupler extends AbstractBehavior<Coupler.Command> {

  /** Couplers register here; an Experiment finds one through the Receptionist. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "coupler");

  public sealed interface Command extends CborSerializable {}

  /** Stream the request's batches from {@code fromBatch} on, {@code batchSize} pairs each, without end. */
  public record OpenPairs(PairsRequest request, long fromBatch, int batchSize, ActorRef<SourceRefReply> replyTo)
      implements Command {}

  /**
   * The batches, to be consumed once. A request that cannot be served (an unknown toy, a missing
   * shard) arrives as a stream failure carrying the reason: the consumer is the one that reports
   * its stage as failed, so the reason travels to it.
   */
  public record SourceRefReply(SourceRef<PairBatchPart> pairs) implements CborSerializable {}

  private final Materializer materializer;
  /** Batches leave in parts that fit one Artery frame, whichever node takes them. */
  private final PairFrames frames;

  private Coupler(ActorContext<Command> context) {
    super(context);
    // Tied to this actor: the streams it serves stop when it stops.
    this.materializer = Materializer.createMaterializer(context);
    this.frames = new PairFrames(context.getSystem());
  }

  public static Behavior<Command> create() {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return new Coupler(context);
    });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(OpenPairs.class, this::onOpenPairs).build();
  }

  private Behavior<Command> onOpenPairs(OpenPairs c) {
    SourceRef<PairBatchPart> ref = batches(c.request(), c.fromBatch(), c.batchSize(), getContext().getSystem())
        .via(frames.split())
        .runWith(StreamRefs.sourceRef(), materializer);
    c.replyTo().tell(new SourceRefReply(ref));
    return this;
  }

  /** Batches of a costly coupling (minibatch OT) filled at once: one per core, at most 4. */
  static final int PARALLEL_FILLS = Math.min(4, Runtime.getRuntime().availableProcessors());

  /**
   * Batches fromBatch, fromBatch + 1, … of the request's coupling. The coupling is opened when the
   * stream starts and filled there: on Pekko's blocking-IO dispatcher (unfoldResource's default),
   * since stored shards are read from disk and minibatch OT is seconds of arithmetic per batch —
   * neither may hold this actor or the default dispatcher.
   */
  public static Source<PairBatch, NotUsed> batches(PairsRequest request, long fromBatch, int batchSize,
      ActorSystem<?> system) {
    if (batchSize <= 0) {
      return Source.failed(new IllegalArgumentException("a pair batch needs a positive size, got " + batchSize));
    }
    if (fromBatch < 0) {
      return Source.failed(new IllegalArgumentException("pair batches are numbered from 0, got " + fromBatch));
    }
    if (request instanceof PairsRequest.FreshPairs fresh && fresh.pairing() == Pairing.MINIBATCH_OT && PARALLEL_FILLS > 1) {
      return filledInParallel(request, fromBatch, batchSize, system);
    }
    return Source.unfoldResource(
        () -> new Cursor(request.open(system), fromBatch, batchSize),
        cursor -> Optional.of(cursor.next()),
        cursor -> {});
  }

  /**
   * Batches filled {@link #PARALLEL_FILLS} at a time on the blocking-IO dispatcher, each by a
   * copy of the coupling of its own, and sent in order. Minibatch OT's exact assignment per batch
   * takes longer than a training step (experiments/moons.yaml's OT stage waited 13 s of its 14 for
   * pairs, filled one at a time), and a batch is a pure function of its index: filled side by side,
   * the batches are the ones filled one after another.
   */
  private static Source<PairBatch, NotUsed> filledInParallel(PairsRequest request, long fromBatch, int batchSize,
      ActorSystem<?> system) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    Queue<Coupling> idle = new ConcurrentLinkedQueue<>(); // at most PARALLEL_FILLS copies: one per fill in flight
    return Source.fromIterator(() -> LongStream.iterate(fromBatch, n -> n + 1).iterator())
        .mapAsync(PARALLEL_FILLS, n -> CompletableFuture.supplyAsync(() -> {
          Coupling coupling = Optional.ofNullable(idle.poll()).orElseGet(() -> request.open(system));
          PairBatch batch = new Cursor(coupling, n, batchSize).next();
          idle.add(coupling);
          return batch;
        }, blocking));
  }

  /** The next batch index of one stream and the coupling that fills it (one per stream: couplings reuse buffers). */
  private static final class Cursor {
    private final Coupling coupling;
    private final int batchSize;
    private long next;

    Cursor(Coupling coupling, long from, int batchSize) {
      this.coupling = coupling;
      this.next = from;
      this.batchSize = batchSize;
    }

    PairBatch next() {
      int dim = coupling.dim();
      float[] z0 = new float[batchSize * dim]; // fresh arrays: each batch is a message of its own
      float[] z1 = new float[batchSize * dim];
      coupling.fill(next, z0, z1, batchSize);
      return new PairBatch(next++, batchSize, dim, z0, z1);
    }
  }
}
