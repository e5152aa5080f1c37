package org.reflow.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecReader;
import org.reflow.work.Evaluator;
import org.reflow.work.Trainer;
import org.reflow.work.WorkTestConfig;
import org.reflow.work.WorkerNode;

/**
 * The Conductor alone, over a real Experiment (in-memory journal) and one real worker of each
 * kind, every message serialized: it starts each stage of tiny-chain's plan (rf1 → rf2 →
 * rf2-distilled) only once its inputs completed, asks for every due evaluation, and completes the
 * run only after the last evaluation answered.
 */
class ConductorTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(WorkTestConfig.config());
  private static final ExperimentSpec SPEC =
      SpecReader.read(Path.of("src/test/resources/specs/valid/tiny-chain.yaml"), List.of());

  @TempDir Path home;

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  @Timeout(300)
  void startsEachStageOnceItsInputsCompletedAndCompletesTheRunAfterTheLastEvaluation() {
    TESTKIT.spawn(Behaviors.setup(context -> {
      WorkerNode.spawn(context, 1, 1, 1);
      return Behaviors.empty();
    }), "workers");
    var experiment = TESTKIT.spawn(Experiment.create("run-conducted"));
    TestProbe<RunUpdate> listener = TESTKIT.createTestProbe();
    TESTKIT.spawn(Conductor.create(SPEC, "run-conducted", home.toString(), "test-host", experiment,
        listener.getRef(), Optional.empty()), "conductor");

    List<RunUpdate> heard = new ArrayList<>();
    RunUpdate update;
    do {
      update = listener.receiveMessage(Duration.ofMinutes(1)); // a stuck run fails here, not at the timeout
      heard.add(update);
    } while (!(update instanceof RunUpdate.RunEnded));

    assertEquals(new RunUpdate.RunSubmitted("run-conducted", "tiny-chain", 3, home.toString()), heard.get(0));
    List<String> started = heard.stream().filter(u -> u instanceof RunUpdate.GeneratingPairs)
        .map(u -> ((RunUpdate.GeneratingPairs) u).stage()).toList();
    assertEquals(List.of("rf2", "rf2-distilled"), started, "the stages with a teacher, in plan order");
    assertTrue(index(heard, completed("rf1")) < index(heard, generating("rf2")), "rf2 starts after rf1 completed");
    assertTrue(index(heard, completed("rf2")) < index(heard, generating("rf2-distilled")),
        "rf2-distilled starts after rf2 completed");
    assertEquals(List.of("rf1", "rf2", "rf2-distilled"), heard.stream()
        .filter(u -> u instanceof RunUpdate.TrainerUpdate t && t.progress() instanceof Trainer.StageCompleted)
        .map(u -> ((Trainer.StageCompleted) ((RunUpdate.TrainerUpdate) u).progress()).stage()).toList());

    long evaluations = heard.stream()
        .filter(u -> u instanceof RunUpdate.EvaluatorUpdate e && e.reply() instanceof Evaluator.Evaluation).count();
    assertEquals(6, evaluations, "steps 30 and 60 of each of the three stages");
    var ended = assertInstanceOf(RunUpdate.RunEnded.class, heard.get(heard.size() - 1));
    var finished = assertInstanceOf(RunState.Finished.class, ended.state(), "the run was completed");
    assertTrue(finished.succeeded(), () -> finished.failure().toString());
    for (StageRecord stage : finished.stages().values()) {
      assertEquals(StageRecord.Status.COMPLETED, stage.status(), stage.id());
      stage.checkpoints().forEach(c -> SPEC.evaluation().solvers().forEach(s -> assertTrue(
          stage.isEvaluated(c.checkpointId(), s.describe()), stage.id() + "@" + c.step() + " " + s.describe())));
    }
  }

  private static Predicate<RunUpdate> completed(String stage) {
    return u -> u instanceof RunUpdate.TrainerUpdate t && t.progress() instanceof Trainer.StageCompleted c
        && c.stage().equals(stage);
  }

  private static Predicate<RunUpdate> generating(String stage) {
    return u -> u instanceof RunUpdate.GeneratingPairs g && g.stage().equals(stage);
  }

  private static int index(List<RunUpdate> heard, Predicate<RunUpdate> which) {
    for (int i = 0; i < heard.size(); i++) {
      if (which.test(heard.get(i))) {
        return i;
      }
    }
    throw new AssertionError("never heard: " + heard);
  }
}
