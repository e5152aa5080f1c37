package org.reflow.lineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;

/**
 * Each stage's attempts, read from its run's events: the run state keeps only the latest attempt
 * number, while lineage must say which resumption restarted a stage, from which step, what each
 * attempt saved and how it ended.
 */
public final class StageAttempts {

  /** How an attempt ended: an interrupted one (crash, kill, or the run failing elsewhere) was aborted. */
  public enum Outcome { RUNNING, COMPLETED, FAILED, ABORTED }

  /**
   * One attempt of a stage.
   *
   * @param resumedBy the resumption that restarted the stage, if this attempt continues an earlier one
   * @param restartStep the step training restarted from (0: from scratch)
   * @param restartCheckpoint the checkpoint recorded at that step
   * @param startIndex, endIndex positions in the run's events of its StageStarted and of what ended it
   * @param nodes where its work ran, by role (trainer, simulator): a cluster member's host:port, or
   *     the host name of a run without a cluster; empty for runs recorded before reflow said
   */
  public record Attempt(
      String stage, int number, Optional<Event.ExperimentResumed> resumedBy, long restartStep,
      Optional<String> restartCheckpoint, int startIndex, Optional<Integer> endIndex, Outcome outcome,
      List<Event.CheckpointSaved> checkpoints, Optional<Event.CouplingMaterialized> coupling, Map<String, String> nodes) {

    Attempt saved(Event.CheckpointSaved c) {
      List<Event.CheckpointSaved> next = new ArrayList<>(checkpoints);
      next.add(c);
      return new Attempt(stage, number, resumedBy, restartStep, restartCheckpoint, startIndex, endIndex, outcome,
          List.copyOf(next), coupling, nodes);
    }

    Attempt generated(Event.CouplingMaterialized c) {
      return new Attempt(stage, number, resumedBy, restartStep, restartCheckpoint, startIndex, endIndex, outcome,
          checkpoints, Optional.of(c), nodes);
    }

    Attempt assigned(Event.StageAssigned a) {
      Map<String, String> next = new LinkedHashMap<>(nodes);
      next.put(a.role(), a.node());
      return new Attempt(stage, number, resumedBy, restartStep, restartCheckpoint, startIndex, endIndex, outcome,
          checkpoints, coupling, java.util.Collections.unmodifiableMap(next));
    }

    Attempt ended(int index, Outcome how) {
      return new Attempt(stage, number, resumedBy, restartStep, restartCheckpoint, startIndex, Optional.of(index), how,
          checkpoints, coupling, nodes);
    }
  }

  private StageAttempts() {}

  /** The run's attempts by stage, in the order they started. */
  public static Map<String, List<Attempt>> of(RunHistory run) {
    Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
    Map<String, Attempt> open = new LinkedHashMap<>();
    Map<String, List<Event.CheckpointSaved>> saved = new LinkedHashMap<>();
    Map<String, Integer> lastStart = new LinkedHashMap<>();
    Optional<Event.ExperimentResumed> lastResume = Optional.empty();
    int resumedAt = -1;
    List<Event> events = run.events();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      if (e instanceof Event.ExperimentResumed r) {
        endAll(open, attempts, i, Outcome.ABORTED);
        lastResume = Optional.of(r);
        resumedAt = i;
      } else if (e instanceof Event.StageStarted s) {
        end(open, attempts, s.stage(), i, Outcome.ABORTED); // restarted in the same process
        boolean firstSinceResume = lastStart.getOrDefault(s.stage(), -1) < resumedAt;
        open.put(s.stage(), started(s, i, lastResume.filter(r -> firstSinceResume), saved.getOrDefault(s.stage(), List.of())));
        lastStart.put(s.stage(), i);
      } else if (e instanceof Event.StageAssigned a && open.containsKey(a.stage()) && open.get(a.stage()).number() == a.attempt()) {
        open.put(a.stage(), open.get(a.stage()).assigned(a));
      } else if (e instanceof Event.CheckpointSaved c && open.containsKey(c.stage())) {
        saved.computeIfAbsent(c.stage(), k -> new ArrayList<>()).add(c);
        open.put(c.stage(), open.get(c.stage()).saved(c));
      } else if (e instanceof Event.CouplingMaterialized c && open.containsKey(c.stage())) {
        open.put(c.stage(), open.get(c.stage()).generated(c));
      } else if (e instanceof Event.StageCompleted c) {
        end(open, attempts, c.stage(), i, Outcome.COMPLETED);
      } else if (e instanceof Event.StageFailed f) {
        end(open, attempts, f.stage(), i, Outcome.FAILED);
      } else if (e instanceof Event.ExperimentFailed || e instanceof Event.ExperimentCancelled) {
        endAll(open, attempts, i, Outcome.ABORTED);
      }
    }
    open.values().forEach(a -> attempts.computeIfAbsent(a.stage(), k -> new ArrayList<>()).add(a));
    return attempts;
  }

  /** The attempt that saved this checkpoint, if it is one of the run's. */
  public static Optional<Attempt> saving(Map<String, List<Attempt>> attempts, String stage, String checkpointId) {
    return attempts.getOrDefault(stage, List.of()).stream()
        .filter(a -> a.checkpoints().stream().anyMatch(c -> c.checkpointId().equals(checkpointId))).findFirst();
  }

  /** Every node a stage's attempts ran on, in the order first used. */
  public static List<String> nodes(List<Attempt> attempts) {
    return attempts.stream().flatMap(a -> a.nodes().values().stream()).distinct().toList();
  }

  /** The first start of a stage after a resumption that names a restart step for it continues that stage. */
  private static Attempt started(Event.StageStarted s, int index, Optional<Event.ExperimentResumed> resume,
      List<Event.CheckpointSaved> savedBefore) {
    Optional<Event.ExperimentResumed> resumedBy = resume.filter(r -> r.restartSteps().containsKey(s.stage()));
    long step = resumedBy.map(r -> r.restartSteps().get(s.stage())).orElse(0L);
    Optional<String> from = savedBefore.stream().filter(c -> c.step() == step && step > 0)
        .map(Event.CheckpointSaved::checkpointId).findFirst();
    return new Attempt(s.stage(), s.attempt(), resumedBy, step, from, index, Optional.empty(), Outcome.RUNNING,
        List.of(), Optional.empty(), Map.of());
  }

  private static void end(Map<String, Attempt> open, Map<String, List<Attempt>> attempts, String stage, int index,
      Outcome outcome) {
    Attempt a = open.remove(stage);
    if (a != null) {
      attempts.computeIfAbsent(stage, k -> new ArrayList<>()).add(a.ended(index, outcome));
    }
  }

  private static void endAll(Map<String, Attempt> open, Map<String, List<Attempt>> attempts, int index, Outcome outcome) {
    List.copyOf(open.keySet()).forEach(stage -> end(open, attempts, stage, index, outcome));
  }
}
