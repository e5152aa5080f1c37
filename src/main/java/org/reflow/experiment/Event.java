package org.reflow.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts of a run, persisted by the {@link Experiment} in order under
 * {@code experiment|<runId>}. A run's state, and later its lineage, is a pure function of
 * these. Past tense; nothing here refers to anything not already persisted.
 */
public sealed interface Event extends CborSerializable {

  /**
   * A run began: the effective spec as text, its hash, the folder its relative data paths
   * resolve against, each stage's inputs (teacher, init), so the run's plan is known from the
   * journal alone, and the SHA-256 of each data file it reads (by absolute path). A run recorded
   * before data files were hashed reads back with none. With replicates or a sweep,
   * {@code stageVariants} names each stage's variant ({@code s1/rf1} → {@code s1}): a failure stops
   * only its variant. A plain spec's run, and a run recorded before variants, has none: one variant.
   * {@code processStartedAt} is when the process that submitted it started (its JVM), so the run's
   * start-up time is known from the journal; absent in runs recorded before it was.
   */
  record ExperimentSubmitted(
      String runId, String name, String specYaml, String specSha256, long seed,
      Instant submittedAt, String host, Map<String, List<String>> stageInputs, String specDirectory,
      Map<String, String> dataSha256, Map<String, String> stageVariants, Optional<Instant> processStartedAt)
      implements Event {
    public ExperimentSubmitted {
      dataSha256 = dataSha256 == null ? Map.of() : dataSha256;
      stageVariants = stageVariants == null ? Map.of() : stageVariants;
      processStartedAt = processStartedAt == null ? Optional.empty() : processStartedAt;
    }

    public ExperimentSubmitted(String runId, String name, String specYaml, String specSha256, long seed,
        Instant submittedAt, String host, Map<String, List<String>> stageInputs, String specDirectory,
        Map<String, String> dataSha256, Map<String, String> stageVariants) {
      this(runId, name, specYaml, specSha256, seed, submittedAt, host, stageInputs, specDirectory, dataSha256,
          stageVariants, Optional.empty());
    }
  }

  /**
   * A data file of the run changed and a person accepted it (resume --accept-changed-data): from
   * now on the run reads {@code path} with SHA-256 {@code acceptedSha256}, not {@code recordedSha256}.
   */
  record DataChangeAccepted(String path, String recordedSha256, String acceptedSha256, Instant acceptedAt)
      implements Event {}

  /**
   * A stopped run (crashed, killed, or failed) continues: its {@code resumption}-th resume. Stages
   * in {@code keptStages} were completed and are not rerun; every other stage starts again, its
   * training from {@code restartSteps} (the step of the last checkpoint whose artifact is intact,
   * 0 for none) and its coupling keeping the intact shards in {@code keptShards}.
   */
  record ExperimentResumed(
      int resumption, Instant resumedAt, String host, List<String> keptStages, Map<String, Long> restartSteps,
      Map<String, List<Integer>> keptShards, Optional<String> previousFailure) implements Event {}

  /** A stage began its attempt-th run (1 the first time; more after a crash or resume). */
  record StageStarted(String stage, int attempt) implements Event {}

  /**
   * A worker took the attempt-th attempt of a stage's work: {@code role} is trainer or simulator,
   * {@code node} the cluster member it runs on ({@code host:port}), or this machine's host name
   * when the run is not a cluster.
   */
  record StageAssigned(String stage, int attempt, String role, String node) implements Event {}

  /** One shard of a coupling being generated landed in the artifact store. */
  record CouplingShardWritten(
      String couplingId, String stage, int shardIndex, long fromPair, long toPair, String sha256) implements Event {}

  /** A coupling is complete: every shard written, with the recipe that regenerates it. */
  record CouplingMaterialized(
      String couplingId, String stage, String teacherCheckpoint, String solver, long pairs, long seed,
      List<String> shardSha256s) implements Event {}

  /**
   * A checkpoint landed in the artifact store: what trained it, from what, on which pairs; with
   * the training log since the stage's previous checkpoint — {@code losses.get(i)} is the batch
   * loss of step {@code step - losses.size() + i + 1} — so the stage's loss curve is the
   * concatenation of its checkpoints' logs, each step exactly once. {@code times}: where the Trainer's
   * time went since the stage's previous checkpoint (absent in runs recorded before it was).
   */
  record CheckpointSaved(
      String checkpointId, String stage, long step, String sha256, Optional<String> parentCheckpoint,
      Optional<String> couplingId, double loss, List<Double> losses, Optional<TrainingTimes> times) implements Event {
    public CheckpointSaved {
      times = times == null ? Optional.empty() : times;
    }

    public CheckpointSaved(String checkpointId, String stage, long step, String sha256,
        Optional<String> parentCheckpoint, Optional<String> couplingId, double loss, List<Double> losses) {
      this(checkpointId, stage, step, sha256, parentCheckpoint, couplingId, loss, losses, Optional.empty());
    }
  }

  /**
   * Where a Trainer's wall time went between two checkpoints of a stage (from the stage's start for
   * its first), in seconds: {@code steps} inside the engine's training steps, {@code pairWait} waiting
   * for the next pair batch, {@code ackWait} waiting for the Experiment to record the previous
   * checkpoint, {@code write} writing this checkpoint into the store, {@code wall} all of it, with
   * the actor's own message handling; {@code stepsDone} the steps it covers.
   */
  record TrainingTimes(long stepsDone, double steps, double pairWait, double ackWait, double write, double wall)
      implements CborSerializable {}

  /**
   * The metrics of one checkpoint sampled with one solver; {@code seconds} the Evaluator spent
   * measuring them (the first solver's includes loading the checkpoint and measuring straightness),
   * absent in runs recorded before it was. {@code classifier}: for images, the feature classifier the
   * metrics were measured with (FD, class coverage, confidence), absent for points and in runs
   * recorded before it was.
   */
  record MetricsRecorded(
      String checkpointId, String stage, long step, String solver, Map<String, Double> values,
      Optional<Double> seconds, Optional<Classifier> classifier) implements Event {
    public MetricsRecorded {
      seconds = seconds == null ? Optional.empty() : seconds;
      classifier = classifier == null ? Optional.empty() : classifier;
    }

    public MetricsRecorded(String checkpointId, String stage, long step, String solver, Map<String, Double> values,
        Optional<Double> seconds) {
      this(checkpointId, stage, step, solver, values, seconds, Optional.empty());
    }

    public MetricsRecorded(String checkpointId, String stage, long step, String solver, Map<String, Double> values) {
      this(checkpointId, stage, step, solver, values, Optional.empty());
    }
  }

  /**
   * A home's feature classifier as an image evaluation used it, so that its lineage is in the
   * journal: its id ({@code fc-} and 16 hex of {@code sha256}, its artifact's SHA-256), what made
   * it — {@code recipe} (architecture, data split and classes, steps, batch, optimizer, seed), the
   * recipe's hash ({@code artifacts/recipes/<recipeSha256>} names it in the home) and the SHA-256
   * of each Fashion-MNIST file it read — and what it was measured to be: test accuracy, and the FD
   * floor (10,000 train images against the test split) and ceiling (10,000 N(0, I) images).
   */
  record Classifier(String classifierId, String sha256, String recipeSha256, Map<String, String> recipe,
      Map<String, String> dataSha256, double testAccuracy, double fdFloor, double fdCeiling) implements CborSerializable {}

  record StageCompleted(String stage, String finalCheckpoint) implements Event {}

  /** A stage stopped with an error; the reason is what a person can act on. */
  record StageFailed(String stage, String reason) implements Event {}

  record ExperimentFailed(String reason) implements Event {}

  /**
   * A person cancelled the running run ({@code reflow cancel}, or the dashboard): it stopped here,
   * keeping what it recorded, and {@code reflow resume} continues it. {@code requestedBy} says who
   * asked, as the request said (the command or the dashboard, the process, the host).
   */
  record ExperimentCancelled(Instant cancelledAt, String requestedBy) implements Event {}

  /** Every stage completed and every checkpoint due an evaluation has its metrics. */
  record ExperimentCompleted(Instant completedAt) implements Event {}
}
