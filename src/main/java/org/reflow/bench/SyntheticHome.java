package org.reflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.ReflowSystem;
import org.reflow.store.Sha256;

/**
 * A home of synthetic runs written through the real Experiment actor and journal — what lineage
 * reads, without the numerics: each run is a rectify stage and five reflows, each reflow warm-started
 * from and taught by the stage before, with the paper toy's checkpoint, evaluation and coupling
 * cadence (2,500 steps, a checkpoint and three solvers' metrics every 500, 10,000 pairs in two
 * shards) and its training logs. Artifact files are not written: lineage never reads them.
 */
public final class SyntheticHome {

  static final int STAGES = 6;
  private static final int STEPS = 2500;
  private static final int EVERY = 500;
  private static final Duration ASK = Duration.ofSeconds(60);
  private static final List<Double> LOSSES = Collections.nCopies(EVERY, 0.5);
  private static final List<String> SOLVERS = List.of("euler:1", "euler:2", "rk45:0.001:0.001");

  private SyntheticHome() {}

  /** Run ids {@code bench-0000}, … : the first {@code count}, so a home can be reused. */
  public static String runId(int i) {
    return String.format("bench-%04d", i);
  }

  public static String stage(int k) {
    return k == 0 ? "rf1" : "rf" + (k + 1);
  }

  /** The checkpoint a run's stage saved at a step: its id is its (synthetic) content hash, as the Trainer names them. */
  public static String checkpointId(String runId, String stage, long step) {
    return "ck-" + sha(runId, stage, step).substring(0, 16);
  }

  /** Writes runs {@code from} (inclusive) to {@code to} (exclusive), {@code parallel} at a time. */
  public static void write(ReflowSystem<SpawnProtocol.Command> system, int from, int to, int parallel) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = from; i < to; i++) {
        String runId = runId(i);
        long seed = i;
        runs.add(pool.submit(() -> writeRun(system, runId, seed)));
      }
      for (Future<?> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Void writeRun(ReflowSystem<SpawnProtocol.Command> system, String runId, long seed) throws Exception {
    ActorRef<Experiment.Command> run = AskPattern.<SpawnProtocol.Command, ActorRef<Experiment.Command>>ask(system.actorSystem(),
        replyTo -> new SpawnProtocol.Spawn<>(Experiment.create(runId), runId, Props.empty(), replyTo),
        ASK, system.actorSystem().scheduler()).toCompletableFuture().get();
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    StringBuilder spec = new StringBuilder("experiment: synthetic-chain\nseed: " + seed
        + "\ndata: {source: {toy: three-gaussians-source, pool: 10000}, target: {toy: three-gaussians-target, pool: 10000}}\n"
        + "defaults: {train: {steps: " + STEPS + ", checkpoint_every: " + EVERY + "}}\nstages:\n  rf1: {kind: rectify}\n");
    inputs.put("rf1", List.of());
    for (int k = 1; k < STAGES; k++) {
      spec.append("  ").append(stage(k)).append(": {kind: reflow, teacher: ").append(stage(k - 1))
          .append(", init: ").append(stage(k - 1)).append(", pairs: {count: 10000, solver: \"euler:100\", shard: 5000}}\n");
      inputs.put(stage(k), List.of(stage(k - 1)));
    }
    String yaml = spec.toString();
    String sha = Sha256.hex(yaml.getBytes(StandardCharsets.UTF_8));
    ack(system, run, r -> new Experiment.Submit("synthetic-chain", yaml, sha, seed, Instant.now(), "bench", inputs, "/tmp", Map.of(), Map.of(), r));
    for (int k = 0; k < STAGES; k++) {
      writeStage(system, run, runId, k);
    }
    ack(system, run, Experiment.CompleteRun::new);
    return null;
  }

  private static void writeStage(ReflowSystem<SpawnProtocol.Command> system, ActorRef<Experiment.Command> run, String runId, int k)
      throws Exception {
    String stage = stage(k);
    AskPattern.<Experiment.Command, StatusReply<Integer>>ask(run, r -> new Experiment.StartStage(stage, r), ASK,
        system.actorSystem().scheduler()).toCompletableFuture().get().getValue();
    String couplingId = "cp-" + runId + "-" + stage;
    String parent = k == 0 ? null : checkpointId(runId, stage(k - 1), STEPS);
    if (k > 0) {
      List<String> shards = List.of(sha(runId, stage, -1), sha(runId, stage, -2));
      for (int s = 0; s < shards.size(); s++) {
        var shard = new Event.CouplingShardWritten(couplingId, stage, s, s * 5000L, (s + 1) * 5000L, shards.get(s));
        ack(system, run, r -> new Experiment.RecordShard(shard, r));
      }
      var coupling = new Event.CouplingMaterialized(couplingId, stage, parent, "euler:100", 10_000, 0, shards);
      ack(system, run, r -> new Experiment.RecordCoupling(coupling, r));
    }
    for (long step = EVERY; step <= STEPS; step += EVERY) {
      String id = checkpointId(runId, stage, step);
      var checkpoint = new Event.CheckpointSaved(id, stage, step, sha(runId, stage, step), Optional.ofNullable(parent),
          k == 0 ? Optional.empty() : Optional.of(couplingId), 0.5, LOSSES);
      ack(system, run, r -> new Experiment.RecordCheckpoint(checkpoint, r));
      for (String solver : SOLVERS) {
        var metrics = new Event.MetricsRecorded(id, stage, step, solver, Map.of("w2", 0.1, "sliced_w2", 0.1, "mmd2", 0.01,
            "energy_distance", 0.01, "transport_cost", 2.0, "straightness", 0.05, "crossing_probability", 0.02));
        ack(system, run, r -> new Experiment.RecordMetrics(metrics, r));
      }
      parent = id;
    }
    String last = parent;
    ack(system, run, r -> new Experiment.CompleteStage(stage, last, r));
  }

  private static void ack(ReflowSystem<SpawnProtocol.Command> system, ActorRef<Experiment.Command> run,
      Function<ActorRef<StatusReply<Done>>, Experiment.Command> command) throws Exception {
    StatusReply<Done> reply = AskPattern.ask(run, command::apply, ASK, system.actorSystem().scheduler())
        .toCompletableFuture().get();
    if (reply.isError()) {
      throw new IllegalStateException("the synthetic run was refused: " + reply.getError().getMessage());
    }
  }

  private static String sha(String runId, String stage, long step) {
    return Sha256.hex((runId + "/" + stage + "@" + step).getBytes(StandardCharsets.UTF_8));
  }
}
