package org.reflow.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.StageSpec;
import org.reflow.store.ArtifactStore;

/**
 * Where a stopped run continues, decided from its history and from which of its artifacts are
 * still intact: per unfinished stage, the last checkpoint whose file still hashes to its record
 * (training restarts there; later checkpoints are retrained, bit for bit) and the coupling shards
 * it keeps (the others are regenerated from the coupling's recipe and checked against their
 * recorded hashes). What cannot be rebuilt from the run's records — a completed stage's final
 * checkpoint that a stage still to run needs — refuses the plan before anything is written.
 *
 * @param restarts the checkpoint each unfinished stage continues (absent: from step 0)
 * @param keptShards per unfinished stage, the recorded shards whose files are intact
 * @param notes what was found damaged and how it is rebuilt, for the person resuming
 * @param acceptedData changed data files the person accepted, recorded with the resumption
 */
public record ResumePlan(Map<String, Restart> restarts, Map<String, List<Integer>> keptShards, List<String> notes,
    List<Event.DataChangeAccepted> acceptedData) {

  /** A stage continues checkpoint {@code checkpointId} at {@code step}. */
  public record Restart(long step, String checkpointId, String sha256) {}

  /** The plan cannot be made: the message says what is missing and what the user can do. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** The checkpoint {@code stage} continues, if it does not start over. */
  public Optional<Restart> restart(String stage) {
    return Optional.ofNullable(restarts.get(stage));
  }

  /** The restart step of every unfinished stage ({@code keptShards} has one entry per unfinished stage), 0 to start over. */
  public Map<String, Long> restartSteps() {
    Map<String, Long> steps = new LinkedHashMap<>();
    keptShards.keySet().forEach(s -> steps.put(s, restart(s).map(Restart::step).orElse(0L)));
    return steps;
  }

  /**
   * The plan for {@code history}'s run, whose recorded spec is {@code spec}, over {@code store}.
   *
   * @throws Refused when a stage still to run needs a checkpoint that is lost
   */
  public static ResumePlan of(RunHistory history, ExperimentSpec spec, ArtifactStore store) {
    String runId = history.run().orElseThrow().runId();
    Map<String, Restart> restarts = new LinkedHashMap<>();
    Map<String, List<Integer>> keptShards = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (StageRecord stage : history.stages().values()) {
      if (stage.status() == StageRecord.Status.COMPLETED) {
        continue;
      }
      Optional<Event.CheckpointSaved> restart = lastIntact(stage, store, notes);
      restart.ifPresent(c -> restarts.put(stage.id(), new Restart(c.step(), c.checkpointId(), c.sha256())));
      List<Integer> kept = new ArrayList<>();
      stage.shards().values().stream().sorted(java.util.Comparator.comparingInt(Event.CouplingShardWritten::shardIndex))
          .forEach(s -> {
            if (store.isIntact(s.sha256())) {
              kept.add(s.shardIndex());
            } else {
              notes.add("shard " + s.shardIndex() + " of coupling " + s.couplingId() + " is missing or damaged at "
                  + store.path(s.sha256()) + "; it is regenerated from its recipe and checked against its recorded hash");
            }
          });
      keptShards.put(stage.id(), List.copyOf(kept));
      boolean couplingComplete = stage.coupling().isPresent() && kept.size() == stage.coupling().get().shardSha256s().size();
      StageSpec stageSpec = spec.stages().get(stage.id());
      // The teacher is needed while shards remain to generate; the warm start only when training starts over.
      stageSpec.teacher().filter(t -> !couplingComplete)
          .ifPresent(t -> requireIntact(runId, history.stages().get(t), stage.id(), "simulates", store));
      stageSpec.init().filter(i -> restart.isEmpty())
          .ifPresent(i -> requireIntact(runId, history.stages().get(i), stage.id(), "starts from", store));
    }
    return new ResumePlan(restarts, keptShards, List.copyOf(notes), List.of());
  }

  /** This plan, recording that the run reads these changed data files from now on. */
  public ResumePlan accepting(List<Event.DataChangeAccepted> changes) {
    return new ResumePlan(restarts, keptShards, notes, List.copyOf(changes));
  }

  /** The stage's latest checkpoint whose artifact is intact; the damaged ones after it are noted. */
  private static Optional<Event.CheckpointSaved> lastIntact(StageRecord stage, ArtifactStore store, List<String> notes) {
    List<Event.CheckpointSaved> checkpoints = stage.checkpoints();
    for (int i = checkpoints.size() - 1; i >= 0; i--) {
      Event.CheckpointSaved c = checkpoints.get(i);
      if (store.isIntact(c.sha256())) {
        return Optional.of(c);
      }
      notes.add("checkpoint " + c.checkpointId() + " (step " + c.step() + " of stage '" + stage.id()
          + "') is missing or damaged at " + store.path(c.sha256()) + "; the stage retrains from an earlier checkpoint"
          + " and must reproduce it exactly");
    }
    return Optional.empty();
  }

  /** A completed input's final checkpoint must be intact; an input not completed yet is made by the resumed run. */
  private static void requireIntact(String runId, StageRecord input, String dependent, String use, ArtifactStore store) {
    if (input.finalCheckpoint().isEmpty()) {
      return;
    }
    String id = input.finalCheckpoint().orElseThrow();
    String sha = input.checkpoint(id).orElseThrow().sha256();
    if (!store.isIntact(sha)) {
      throw new Refused("cannot resume run " + runId + ": checkpoint " + id + ", the final checkpoint of stage '"
          + input.id() + "' that stage '" + dependent + "' " + use + ", is missing or damaged at " + store.path(sha)
          + ". It is the result of a completed stage and this run's records cannot rebuild it. Restore the file"
          + " (for example from a backup of the artifacts folder), or run the experiment again with 'reflow run'."
          + " Nothing was changed.");
    }
  }
}
