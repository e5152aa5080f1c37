package org.reflow.work;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.StepEngine;
import org.reflow.flow.StepEngines;
import org.reflow.flow.TrainingCheckpoint;
import org.reflow.flow.TrainingConfig;
import org.reflow.rand.Rng;
import org.reflow.store.ArtifactStore;

/**
 * The numeric side of one training stage inside a {@link Trainer}: the engine, its pairs and the
 * artifact store. Not thread-safe by design: only the Trainer touches it, on its own dispatcher.
 */
final class TrainingSession {

  /** Progress is reported at most this often, so a fast loop does not flood its listener. */
  private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;

  private final Trainer.Train order;
  private final TrainingConfig config;
  private final NodeArtifacts store;
  private final StreamedPairs pairs;
  private final StepEngine trainer;
  private Optional<String> lastRecorded;
  /** The batch losses since the last checkpoint: the training log the next checkpoint carries. */
  private final double[] losses;
  private int logged;
  private double loss = Double.NaN;
  private long progressAtNanos;
  /** The step of the last progress report; -1 before the first, which goes out at the session's first step. */
  private long progressAtStep = -1;
  /** Where the time since the last checkpoint went (nanoseconds), for the next checkpoint's {@link Event.TrainingTimes}. */
  private long intervalStart = System.nanoTime();
  private long readySince = intervalStart;
  private long savedAt;
  private long stepNanos;
  private long pairWaitNanos;
  private long ackWaitNanos;
  private long stepsSinceCheckpoint;

  private TrainingSession(Trainer.Train order, TrainingConfig config, NodeArtifacts store, StreamedPairs pairs,
      StepEngine trainer) {
    this.order = order;
    this.config = config;
    this.store = store;
    this.pairs = pairs;
    this.trainer = trainer;
    this.lastRecorded = order.resumeCheckpointSha256().map(TrainingSession::checkpointId);
    this.losses = new double[(int) Math.min(order.checkpointEvery(), config.steps())];
  }

  /**
   * A stage at step 0 — a fresh model from (seed, stage, "init"), or warm-started from the init
   * checkpoint — or, when the order names one, continuing a checkpoint of the stage exactly:
   * model, optimizer moments, EMA and step (the random streams are keyed by step).
   */
  static TrainingSession start(Trainer.Train order, NodeArtifacts store) {
    ModelSpec spec = order.model().toSpec();
    TrainingConfig config = order.training().toConfig();
    if (config.steps() <= 0) {
      throw new IllegalArgumentException("stage '" + order.stage() + "' asks for " + config.steps()
          + " training steps; give it at least one");
    }
    if (order.checkpointEvery() <= 0) {
      throw new IllegalArgumentException("stage '" + order.stage() + "': checkpoint every " + order.checkpointEvery()
          + " steps is not a schedule; give a positive number of steps");
    }
    StreamedPairs pairs = new StreamedPairs(spec.dim());
    if (order.resumeCheckpointSha256().isPresent()) {
      TrainingCheckpoint from = readOwnCheckpoint(store, order.resumeCheckpointSha256().get(), spec, order.stage());
      if (from.step() >= config.steps()) {
        throw new IllegalArgumentException("stage '" + order.stage() + "' cannot continue its checkpoint at step "
            + from.step() + ": it trains for " + config.steps() + " steps in all");
      }
      return new TrainingSession(order, config, store, pairs, StepEngines.resume(spec, from, pairs, config, order.seed(),
          order.stage()));
    }
    Optional<TrainingCheckpoint> init = order.initCheckpointSha256()
        .map(sha -> warmStart(store, sha, spec, order.stage()));
    return new TrainingSession(order, config, store, pairs, StepEngines.start(spec, init,
        Rng.of(order.seed(), order.stage(), "init", 0), pairs, config, order.seed(), order.stage()));
  }

  /** Checkpoint ids are short forms of their hashes: readable in logs, still unique in a run. */
  static String checkpointId(String sha256) {
    return "ck-" + sha256.substring(0, 16);
  }

  /**
   * What a checkpoint file records beside the tensors. Deliberately no run id or time: equal
   * training gives equal bytes, so a rerun or a bare engine loop lands on the same artifact.
   */
  static Map<String, Object> checkpointFacts(String stage, long seed, double loss) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("stage", stage);
    facts.put("seed", seed);
    facts.put("loss", loss);
    return facts;
  }

  /** Trains on {@code batch}, which must be the next batch, and returns its loss. */
  double step(PairBatch batch) {
    long start = System.nanoTime();
    pairWaitNanos += start - readySince;
    pairs.offer(batch);
    loss = trainer.step();
    losses[logged++] = loss;
    readySince = System.nanoTime();
    stepNanos += readySince - start;
    stepsSinceCheckpoint++;
    return loss;
  }

  long completedSteps() {
    return trainer.completedSteps();
  }

  long totalSteps() {
    return config.steps();
  }

  boolean finished() {
    return trainer.completedSteps() >= config.steps();
  }

  /** Every {@code checkpointEvery} steps, and at the last step whatever the schedule. */
  boolean checkpointDue() {
    long step = trainer.completedSteps();
    return step == config.steps() || step % order.checkpointEvery() == 0;
  }

  /** Writes the current state into the store and returns the event that reports it. */
  Event.CheckpointSaved saveCheckpoint() {
    long writeStart = System.nanoTime();
    TrainingCheckpoint checkpoint = trainer.checkpoint();
    Map<String, Object> facts = checkpointFacts(order.stage(), order.seed(), loss);
    String sha = store.output(file -> CheckpointFile.write(file, checkpoint, facts),
        "checkpoint at step " + checkpoint.step() + " of stage '" + order.stage() + "'");
    // Lineage: the previous checkpoint of this stage, or for the first one the checkpoint it started from.
    Optional<String> parent = lastRecorded.or(() -> order.initCheckpointSha256().map(TrainingSession::checkpointId));
    List<Double> log = new ArrayList<>(logged);
    for (int i = 0; i < logged; i++) {
      log.add(losses[i]);
    }
    savedAt = System.nanoTime();
    Event.TrainingTimes times = new Event.TrainingTimes(stepsSinceCheckpoint, seconds(stepNanos),
        seconds(pairWaitNanos), seconds(ackWaitNanos), seconds(savedAt - writeStart), seconds(savedAt - intervalStart));
    intervalStart = savedAt;
    stepNanos = 0;
    pairWaitNanos = 0;
    ackWaitNanos = 0;
    stepsSinceCheckpoint = 0;
    return new Event.CheckpointSaved(checkpointId(sha), order.stage(), checkpoint.step(), sha, parent,
        order.couplingId(), loss, List.copyOf(log), Optional.of(times));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** The Experiment recorded this checkpoint: it is the parent of the next. */
  void recorded(Event.CheckpointSaved checkpoint) {
    lastRecorded = Optional.of(checkpoint.checkpointId());
    logged = 0;
    readySince = System.nanoTime();
    ackWaitNanos += readySince - savedAt;
  }

  /** The last checkpoint the Experiment recorded: the stage's result once training is finished. */
  Optional<String> lastRecorded() {
    return lastRecorded;
  }

  /** A progress report at the first step, then when the last one is old enough, and at the last step. */
  Optional<Trainer.Stepped> progressDue(long nowNanos) {
    long step = trainer.completedSteps();
    if (progressAtStep < 0) { // the first step: the stage is under way (a rate needs a second report)
      progressAtNanos = nowNanos;
      progressAtStep = step;
      return Optional.of(new Trainer.Stepped(order.runId(), order.stage(), step, config.steps(), loss, 0));
    }
    long elapsed = nowNanos - progressAtNanos;
    if (elapsed < PROGRESS_INTERVAL_NANOS && !finished()) {
      return Optional.empty();
    }
    double perSecond = elapsed > 0 ? (step - progressAtStep) * 1e9 / elapsed : 0;
    progressAtNanos = nowNanos;
    progressAtStep = step;
    return Optional.of(new Trainer.Stepped(order.runId(), order.stage(), step, config.steps(), loss, perSecond));
  }

  private static TrainingCheckpoint readOwnCheckpoint(NodeArtifacts store, String sha256, ModelSpec spec, String stage) {
    String what = "checkpoint " + checkpointId(sha256) + " of stage '" + stage + "', which the stage continues";
    TrainingCheckpoint checkpoint = CheckpointFile.read(store.input(sha256, what), Optional.of(sha256));
    if (!checkpoint.spec().sameArchitecture(spec)) {
      throw new IllegalArgumentException("the " + what + " is a " + checkpoint.spec().describe()
          + " but the stage's model is a " + spec.describe() + "; resume with the spec the run recorded");
    }
    return checkpoint;
  }

  private static TrainingCheckpoint warmStart(NodeArtifacts store, String sha256, ModelSpec spec, String stage) {
    String what = "init checkpoint " + checkpointId(sha256) + " of stage '" + stage + "'";
    TrainingCheckpoint init = CheckpointFile.read(store.input(sha256, what), Optional.empty());
    if (!init.spec().sameArchitecture(spec)) {
      throw new IllegalArgumentException("the " + what + " is a " + init.spec().describe() + " but the stage's model is a "
          + spec.describe() + "; give the stage the teacher's architecture, or drop its init");
    }
    return init; // the engine takes the teacher's published weights (its EMA when it kept one), a fresh optimizer
  }
}
