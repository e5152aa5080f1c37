package org.reflow.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the journal says of one stage: its status, attempts, checkpoints, generated coupling and
 * which (checkpoint, solver) pairs already have metrics. Immutable; each {@code with…} returns
 * the next version.
 */
public record StageRecord(
    String id,
    List<String> inputs,
    Status status,
    int attempt,
    List<Event.CheckpointSaved> checkpoints,
    Map<Integer, Event.CouplingShardWritten> shards,
    Optional<Event.CouplingMaterialized> coupling,
    Set<String> evaluated,
    Optional<String> finalCheckpoint,
    Optional<String> failure) implements CborSerializable {

  /** A checkpoint by id and content hash: enough to find it in the artifact store. */
  public record CheckpointRef(String checkpointId, String sha256) {}

  /** Where a stage stands. */
  public enum Status { PENDING, RUNNING, COMPLETED, FAILED }

  static StageRecord pending(String id, List<String> inputs) {
    return new StageRecord(id, List.copyOf(inputs), Status.PENDING, 0, List.of(), Map.of(),
        Optional.empty(), Set.of(), Optional.empty(), Optional.empty());
  }

  /** The latest checkpoint, if any was saved. */
  public Optional<Event.CheckpointSaved> lastCheckpoint() {
    return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
  }

  public Optional<Event.CheckpointSaved> checkpoint(String checkpointId) {
    return checkpoints.stream().filter(c -> c.checkpointId().equals(checkpointId)).findFirst();
  }

  static String evaluationKey(String checkpointId, String solver) {
    return checkpointId + " " + solver;
  }

  public boolean isEvaluated(String checkpointId, String solver) {
    return evaluated.contains(evaluationKey(checkpointId, solver));
  }

  StageRecord started(int newAttempt) {
    return new StageRecord(id, inputs, Status.RUNNING, newAttempt, checkpoints, shards, coupling, evaluated, finalCheckpoint, Optional.empty());
  }

  StageRecord withShard(Event.CouplingShardWritten shard) {
    Map<Integer, Event.CouplingShardWritten> next = new LinkedHashMap<>(shards);
    next.put(shard.shardIndex(), shard);
    return new StageRecord(id, inputs, status, attempt, checkpoints, Map.copyOf(next), coupling, evaluated, finalCheckpoint, failure);
  }

  StageRecord withCoupling(Event.CouplingMaterialized c) {
    return new StageRecord(id, inputs, status, attempt, checkpoints, shards, Optional.of(c), evaluated, finalCheckpoint, failure);
  }

  StageRecord withCheckpoint(Event.CheckpointSaved c) {
    List<Event.CheckpointSaved> next = new java.util.ArrayList<>(checkpoints);
    next.add(c);
    return new StageRecord(id, inputs, status, attempt, List.copyOf(next), shards, coupling, evaluated, finalCheckpoint, failure);
  }

  StageRecord withMetrics(Event.MetricsRecorded m) {
    Set<String> next = new TreeSet<>(evaluated);
    next.add(evaluationKey(m.checkpointId(), m.solver()));
    return new StageRecord(id, inputs, status, attempt, checkpoints, shards, coupling, Set.copyOf(next), finalCheckpoint, failure);
  }

  StageRecord completed(String checkpointId) {
    return new StageRecord(id, inputs, Status.COMPLETED, attempt, checkpoints, shards, coupling, evaluated, Optional.of(checkpointId), Optional.empty());
  }

  /** A resumed run starts this unfinished stage again; what it recorded so far stays. */
  StageRecord reopened() {
    return new StageRecord(id, inputs, Status.PENDING, attempt, checkpoints, shards, coupling, evaluated, Optional.empty(), Optional.empty());
  }

  StageRecord failed(String reason) {
    return new StageRecord(id, inputs, Status.FAILED, attempt, checkpoints, shards, coupling, evaluated, finalCheckpoint, Optional.of(reason));
  }
}
