package org.reflow.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.solve.Solver;
import org.reflow.spec.ExperimentSpec;

/**
 * Which checkpoints a run evaluates and with which solvers: every {@code evaluation.every} steps
 * and at each stage's last step, once per checkpoint, with the solvers that have no metrics yet —
 * so a resumed run neither repeats an evaluation nor leaves one out.
 */
final class EvaluationSchedule {

  /** One evaluation to ask for. */
  record Due(String stage, String checkpointId, String sha256, long step, List<String> solvers) {}

  private final ExperimentSpec spec;
  private final Set<String> asked = new HashSet<>();

  EvaluationSchedule(ExperimentSpec spec) {
    this.spec = spec;
  }

  /**
   * The evaluation a checkpoint just saved is due, given the metrics {@code recorded} holds for
   * its stage (absent when the stage is unknown yet); empty when not due or already asked for.
   */
  Optional<Due> next(String stage, String checkpointId, String sha256, long step, Optional<StageRecord> recorded) {
    boolean due = step % spec.evaluation().every() == 0 || step == spec.stages().get(stage).train().steps();
    if (!due || !asked.add(checkpointId)) {
      return Optional.empty();
    }
    List<String> solvers = spec.evaluation().solvers().stream().map(Solver::describe)
        .filter(s -> recorded.isEmpty() || !recorded.get().isEvaluated(checkpointId, s)).toList();
    return solvers.isEmpty() ? Optional.empty() : Optional.of(new Due(stage, checkpointId, sha256, step, solvers));
  }

  /**
   * The evaluations a stopped run owes: recorded checkpoints due an evaluation that lack one —
   * except those a restarted stage will save again (after its restart step), evaluated then.
   */
  List<Due> gaps(RunState.Active state, ResumePlan plan) {
    List<Due> gaps = new ArrayList<>();
    for (StageRecord stage : state.stages().values()) {
      long restartStep = stage.status() == StageRecord.Status.COMPLETED ? Long.MAX_VALUE
          : plan.restart(stage.id()).map(ResumePlan.Restart::step).orElse(0L);
      for (Event.CheckpointSaved c : stage.checkpoints()) {
        if (c.step() <= restartStep) {
          next(stage.id(), c.checkpointId(), c.sha256(), c.step(), Optional.of(stage)).ifPresent(gaps::add);
        }
      }
    }
    return gaps;
  }
}
