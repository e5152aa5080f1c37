package org.reflow.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunState;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecReader;

/**
 * Evaluations are due every {@code evaluation.every} steps and at a stage's last step, asked for
 * once, with only the solvers not yet recorded; a resumed run owes the missing ones except those
 * its restarted stages will save again. (tiny-chain: 60 steps, checkpoints and evaluations every 30,
 * solvers euler:1 and rk45.)
 */
class EvaluationScheduleTest {

  private static final ExperimentSpec SPEC = SpecReader.read(Path.of("src/test/resources/specs/valid/tiny-chain.yaml"), List.of());

  @Test
  void aCheckpointIsEvaluatedOnceWhenDueWithTheSolversItLacks() {
    EvaluationSchedule schedule = new EvaluationSchedule(SPEC);
    assertEquals(Optional.empty(), schedule.next("rf1", "ck-a", "a", 20, Optional.empty()), "step 20 is not due");
    var due = schedule.next("rf1", "ck-b", "b", 30, Optional.empty()).orElseThrow();
    assertEquals(List.of("euler:1", solver()), due.solvers());
    assertEquals(Optional.empty(), schedule.next("rf1", "ck-b", "b", 30, Optional.empty()), "asked for once");

    RunHistory history = history(List.of(metrics("rf1", 60, "euler:1")));
    var rest = schedule.next("rf1", "ck-rf1-60", "sha", 60, Optional.of(history.stages().get("rf1"))).orElseThrow();
    assertEquals(List.of(solver()), rest.solvers(), "the solver already recorded is not measured again");
  }

  @Test
  void aResumedRunOwesTheMissingEvaluationsUpToEachRestartPoint() {
    RunHistory history = history(List.of(metrics("rf1", 30, "euler:1"), metrics("rf1", 30, solver())));
    var plan = new ResumePlan(Map.of("rf2", new ResumePlan.Restart(30, "ck-rf2-30", "sha")),
        Map.of("rf2", List.of(), "rf2-distilled", List.of()), List.of(), List.of());
    List<EvaluationSchedule.Due> gaps = new EvaluationSchedule(SPEC).gaps((RunState.Active) history.state(), plan);
    assertEquals(List.of("rf1@60", "rf2@30"), gaps.stream().map(d -> d.stage() + "@" + d.step()).toList(),
        "rf1@30 has its metrics; rf2@60 comes after rf2's restart step and is evaluated when saved again");
    assertTrue(gaps.stream().allMatch(d -> d.solvers().size() == 2));
  }

  private static String solver() {
    return SPEC.evaluation().solvers().get(1).describe();
  }

  /** rf1 completed with checkpoints at 30 and 60; rf2 saved 30 and 60 and stopped. */
  private static RunHistory history(List<Event> metrics) {
    List<Event> events = TinyChainHistory.rf1CompletedRf2Started(step -> checkpoint("rf1", step));
    events.add(checkpoint("rf2", 30));
    events.add(checkpoint("rf2", 60));
    events.addAll(metrics);
    return RunHistory.of(events);
  }

  private static Event.CheckpointSaved checkpoint(String stage, long step) {
    return new Event.CheckpointSaved("ck-" + stage + "-" + step, stage, step, "sha", Optional.empty(), Optional.empty(),
        1.0, List.of(1.0));
  }

  private static Event metrics(String stage, long step, String solver) {
    return new Event.MetricsRecorded("ck-" + stage + "-" + step, stage, step, solver, Map.of("w2", 1.0));
  }
}
