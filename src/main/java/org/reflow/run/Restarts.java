package org.reflow.run;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reflow.experiment.StageRecord;

/**
 * Where each restarted stage of a run continues from, and what it keeps: a stage whose worker was
 * lost in this run restarts from its last recorded checkpoint, keeping every shard and the coupling
 * it recorded; any other stage of a resumed run as its {@link ResumePlan} says. The
 * {@link Conductor}'s bookkeeping only: it sends nothing itself.
 */
final class Restarts {

  /** Present when the Conductor continues a stopped run. */
  private final Optional<ResumePlan> resume;
  /** This run's own restart points, of stages that lost their worker after a checkpoint. */
  private final Map<String, ResumePlan.Restart> afterLoss = new LinkedHashMap<>();
  private final Set<String> lostInRun = new HashSet<>();

  Restarts(Optional<ResumePlan> resume) {
    this.resume = resume;
  }

  /**
   * Records that {@code stage} lost its worker, {@code recorded} as the Experiment saw the stage once
   * the worker was gone. Returns the step its training continues from.
   */
  long lost(String stage, StageRecord recorded) {
    recorded.lastCheckpoint().ifPresent(c ->
        afterLoss.put(stage, new ResumePlan.Restart(c.step(), c.checkpointId(), c.sha256())));
    lostInRun.add(stage);
    return restartOf(stage).map(ResumePlan.Restart::step).orElse(0L);
  }

  /** Where a stage's training continues from: this run's own restart after a lost worker, else the resume plan's. */
  Optional<ResumePlan.Restart> restartOf(String stage) {
    return Optional.ofNullable(afterLoss.get(stage)).or(() -> resume.flatMap(r -> r.restart(stage)));
  }

  /** Whether the stage's coupling was recorded before its worker was lost: it trains on it again, not regenerating it. */
  boolean keepsCoupling(String stage, StageRecord recorded) {
    return lostInRun.contains(stage) && recorded.coupling().isPresent();
  }

  /**
   * The shards a restarted stage keeps, by index with their recorded hashes: those the resume plan
   * found intact, or, for a stage whose Simulator was lost in this run, every shard recorded.
   */
  Map<Integer, String> keptShards(String stage, StageRecord recorded) {
    Map<Integer, String> kept = new LinkedHashMap<>();
    var shards = recorded.shards();
    List<Integer> indexes = lostInRun.contains(stage) ? List.copyOf(shards.keySet())
        : resume.map(r -> r.keptShards().getOrDefault(stage, List.of())).orElse(List.of());
    indexes.forEach(i -> kept.put(i, shards.get(i).sha256()));
    return kept;
  }
}
