package org.reflow.experiment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.reflow.experiment.StageRecord.Status;
import org.reflow.spec.Plan;

/**
 * A run as its events describe it. The domain rules — which stage may start, which report is
 * consistent with the run so far — live here; the {@link Experiment} only asks and persists.
 */
public sealed interface RunState extends CborSerializable {

  /**
   * Why restart points are refused: a stage unknown or already completed, a restart step that is
   * not a recorded checkpoint, a kept shard that was never recorded.
   */
  static Optional<String> refuseRestartPoints(Map<String, StageRecord> stages, Map<String, Long> restartSteps,
      Map<String, List<Integer>> keptShards) {
    for (var e : restartSteps.entrySet()) {
      StageRecord s = stages.get(e.getKey());
      if (s == null || s.status() == Status.COMPLETED) {
        return Optional.of("stage '" + e.getKey() + "' is " + (s == null ? "not in the run" : "completed") + "; it has no restart point");
      }
      if (e.getValue() != 0 && s.checkpoints().stream().noneMatch(c -> c.step() == e.getValue())) {
        return Optional.of("stage '" + e.getKey() + "' recorded no checkpoint at step " + e.getValue() + " to restart from");
      }
    }
    for (var e : keptShards.entrySet()) {
      StageRecord s = stages.get(e.getKey());
      if (s == null || !s.shards().keySet().containsAll(e.getValue())) {
        return Optional.of("stage '" + e.getKey() + "' did not record every shard in " + e.getValue());
      }
    }
    return Optional.empty();
  }

  /** The variants with a failed stage. */
  private static Set<String> failedVariants(Map<String, StageRecord> stages, RunInfo run) {
    return stages.values().stream().filter(s -> s.status() == Status.FAILED).map(s -> run.variantOf(s.id()))
        .collect(Collectors.toSet());
  }

  /** No event yet: the run id is unused. */
  record NotSubmitted() implements RunState {}

  /** Submitted and not yet finished. */
  record Active(RunInfo run, Map<String, StageRecord> stages) implements RunState {

    static Active submitted(Event.ExperimentSubmitted e) {
      Map<String, StageRecord> stages = new LinkedHashMap<>();
      e.stageInputs().forEach((id, inputs) -> stages.put(id, StageRecord.pending(id, inputs)));
      return new Active(RunInfo.of(e), stages);
    }

    /** A stopped run continues: every stage not completed is pending again, keeping what it recorded. */
    static Active resumed(RunInfo run, Map<String, StageRecord> stages) {
      Map<String, StageRecord> next = new LinkedHashMap<>();
      stages.forEach((id, s) -> next.put(id, s.status() == Status.COMPLETED ? s : s.reopened()));
      return new Active(run.resumed(), next);
    }

    /** Pending stages whose inputs are all completed, in spec order, but none of a variant that failed. */
    public List<String> readyStages() {
      Map<String, List<String>> inputs = new LinkedHashMap<>();
      stages.forEach((id, s) -> inputs.put(id, s.inputs()));
      Set<String> failed = failedVariants(stages, run);
      return Plan.ofInputs(inputs).ready(ids(s -> s.status() == Status.COMPLETED), ids(s -> s.status() != Status.PENDING))
          .stream().filter(id -> !failed.contains(run.variantOf(id))).toList();
    }

    /**
     * Whether nothing is left to run: every stage completed, or stopped with its variant (failed, or
     * never started because another stage of its variant failed). A plain run has one variant.
     */
    public boolean settled() {
      Set<String> failed = failedVariants(stages, run);
      return stages.values().stream().allMatch(s -> s.status() == Status.COMPLETED
          || (s.status() != Status.RUNNING && failed.contains(run.variantOf(s.id()))));
    }

    /** Whether failing {@code stage} would leave no variant of the run that has not failed. */
    boolean lastVariantFails(String stage) {
      Set<String> failed = new java.util.HashSet<>(failedVariants(stages, run));
      failed.add(run.variantOf(stage));
      return stages.keySet().stream().allMatch(id -> failed.contains(run.variantOf(id)));
    }

    private Set<String> ids(Predicate<StageRecord> which) {
      return stages.values().stream().filter(which).map(StageRecord::id).collect(Collectors.toSet());
    }

    /** Why {@code stage} may not start now, if it may not. A running stage may restart (a new attempt). */
    Optional<String> refuseStart(String stage) {
      return known(stage).or(() -> {
        StageRecord s = stages.get(stage);
        if (s.status() == Status.COMPLETED) {
          return Optional.of("stage '" + stage + "' is already completed");
        }
        if (failedVariants(stages, run).contains(run.variantOf(stage))) {
          return Optional.of("variant " + run.variantOf(stage) + " of stage '" + stage + "' failed; its stages do not start");
        }
        List<String> missing = s.inputs().stream().filter(i -> !isCompleted(i)).toList();
        return missing.isEmpty() ? Optional.empty()
            : Optional.of("stage '" + stage + "' waits for " + String.join(", ", missing));
      });
    }

    /** Why a report about {@code stage} is refused: unknown, or not running. */
    Optional<String> refuseReport(String stage) {
      return known(stage).or(() -> stages.get(stage).status() == Status.RUNNING ? Optional.empty()
          : Optional.of("stage '" + stage + "' is " + stages.get(stage).status().name().toLowerCase() + ", not running"));
    }

    /**
     * Why a checkpoint is refused: its stage is not running, or its step does not advance — unless
     * it is the very checkpoint already recorded at that step (a resumed stage retraining past a
     * lost artifact), which {@link #isRecorded} acknowledges.
     */
    Optional<String> refuseCheckpoint(Event.CheckpointSaved c) {
      return refuseReport(c.stage()).or(() -> {
        StageRecord stage = stages.get(c.stage());
        Optional<Event.CheckpointSaved> same = stage.checkpoints().stream().filter(r -> r.step() == c.step()).findFirst();
        if (same.isPresent()) {
          return same.get().sha256().equals(c.sha256()) ? Optional.empty()
              : Optional.of("checkpoint at step " + c.step() + " of stage '" + c.stage() + "' was recorded with SHA-256 "
                  + same.get().sha256() + "; retraining gave " + c.sha256() + ", so training is not deterministic here"
                  + " (a different thread count or machine?)");
        }
        return stage.lastCheckpoint().filter(last -> c.step() <= last.step())
            .map(last -> "checkpoint at step " + c.step() + " of stage '" + c.stage()
                + "' does not follow the last one, at step " + last.step());
      });
    }

    /** Whether this checkpoint is already in the stage's history (a repeated report). */
    boolean isRecorded(Event.CheckpointSaved c) {
      return stages.get(c.stage()).checkpoints().stream().anyMatch(r -> r.step() == c.step() && r.sha256().equals(c.sha256()));
    }

    /** Why the run may not be marked completed now. */
    Optional<String> refuseCompletion() {
      if (settled()) {
        return Optional.empty();
      }
      List<String> open = stages.values().stream().filter(s -> s.status() != Status.COMPLETED).map(StageRecord::id).toList();
      return open.isEmpty() ? Optional.empty()
          : Optional.of("run " + run.runId() + " still has stages not completed: " + String.join(", ", open));
    }

    Active apply(Event event) {
      if (event instanceof Event.ExperimentResumed) {
        return resumed(run, stages);
      } else if (event instanceof Event.DataChangeAccepted e) {
        return new Active(run.accepted(e), stages);
      } else if (event instanceof Event.StageStarted e) {
        return with(stages.get(e.stage()).started(e.attempt()));
      } else if (event instanceof Event.StageAssigned) {
        return this; // where work ran is lineage's concern, not a rule of the run
      } else if (event instanceof Event.CouplingShardWritten e) {
        return with(stages.get(e.stage()).withShard(e));
      } else if (event instanceof Event.CouplingMaterialized e) {
        return with(stages.get(e.stage()).withCoupling(e));
      } else if (event instanceof Event.CheckpointSaved e) {
        return with(stages.get(e.stage()).withCheckpoint(e));
      } else if (event instanceof Event.MetricsRecorded e) {
        return with(stages.get(e.stage()).withMetrics(e));
      } else if (event instanceof Event.StageCompleted e) {
        return with(stages.get(e.stage()).completed(e.finalCheckpoint()));
      } else if (event instanceof Event.StageFailed e) {
        return with(stages.get(e.stage()).failed(e.reason()));
      }
      throw new IllegalStateException("event " + event.getClass().getSimpleName() + " does not apply to an active run");
    }

    private Active with(StageRecord stage) {
      Map<String, StageRecord> next = new LinkedHashMap<>(stages);
      next.put(stage.id(), stage);
      return new Active(run, next);
    }

    private boolean isCompleted(String stage) {
      return stages.containsKey(stage) && stages.get(stage).status() == Status.COMPLETED;
    }

    private Optional<String> known(String stage) {
      return stages.containsKey(stage) ? Optional.empty()
          : Optional.of("run " + run.runId() + " has no stage '" + stage + "'; its stages: " + String.join(", ", stages.keySet()));
    }
  }

  /** Completed, failed with a reason, or cancelled by a person. */
  record Finished(RunInfo run, Map<String, StageRecord> stages, Optional<Instant> completedAt, Optional<String> failure,
      Optional<Event.ExperimentCancelled> cancelled) implements RunState {

    public Finished {
      cancelled = cancelled == null ? Optional.empty() : cancelled;
    }

    /** Completed or failed: not cancelled. */
    public Finished(RunInfo run, Map<String, StageRecord> stages, Optional<Instant> completedAt, Optional<String> failure) {
      this(run, stages, completedAt, failure, Optional.empty());
    }

    /** Cancelled while it ran. */
    static Finished ofCancelled(Active active, Event.ExperimentCancelled cancelled) {
      return new Finished(active.run(), active.stages(), Optional.empty(), Optional.empty(), Optional.of(cancelled));
    }

    public boolean succeeded() {
      return failure.isEmpty() && cancelled.isEmpty();
    }

    /** Why it did not complete, for a resume to record: its failure, or its cancellation. */
    Optional<String> stopReason() {
      return failure.or(() -> cancelled.map(c -> "cancelled at " + c.cancelledAt() + " (" + c.requestedBy() + ")"));
    }

    /** The stages that failed: a run completed with failures has some (a variant failed, its siblings did not). */
    public List<String> failedStages() {
      return stages.values().stream().filter(s -> s.status() == Status.FAILED).map(StageRecord::id).toList();
    }

    /** Whether {@code reflow resume} may continue it: it failed, was cancelled, or completed with failures. */
    public boolean resumable() {
      return !succeeded() || !failedStages().isEmpty();
    }

    /** A failed run resumed: active again, its unfinished stages pending. */
    Active resumed() {
      return Active.resumed(run, stages);
    }

    /** A failed run about to be resumed reads a changed data file from now on. */
    Finished withAccepted(Event.DataChangeAccepted change) {
      return new Finished(run.accepted(change), stages, completedAt, failure, cancelled);
    }

    Finished withMetrics(Event.MetricsRecorded m) {
      Map<String, StageRecord> next = new LinkedHashMap<>(stages);
      next.put(m.stage(), stages.get(m.stage()).withMetrics(m));
      return new Finished(run, next, completedAt, failure, cancelled);
    }
  }
}
