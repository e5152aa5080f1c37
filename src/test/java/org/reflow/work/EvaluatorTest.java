package org.reflow.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;
import org.reflow.flow.MlpField;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.Straightness;
import org.reflow.metrics.SampleQuality;
import org.reflow.rand.Rng;
import org.reflow.spec.SourceSpec;
import org.reflow.store.ArtifactStore;

/**
 * An Evaluator against a real Experiment, every message serialized on every send: one
 * MetricsRecorded per solver with exactly the engine's numbers, and nothing twice.
 */
class EvaluatorTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(WorkTestConfig.config());
  private static final PersistenceTestKit JOURNAL = PersistenceTestKit.create(TESTKIT.system());
  private static final long SEED = 7;
  private static final int SAMPLES = 256;
  private static final List<String> SOLVERS = List.of("euler:1", "heun:4", "rk45");

  @TempDir Path home;

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void eachSolverIsRecordedOnceWithTheEnginesMetricsAndARepeatAddsNoEvent() {
    TeacherCheckpoints.Stored ck = TeacherCheckpoints.train(home, "rf1", SEED, 30);
    ActorRef<Experiment.Command> experiment = submitRunWith("run-eval", ck.saved());
    ActorRef<Evaluator.Command> evaluator = evaluator();
    TestProbe<Evaluator.Evaluated> reply = TESTKIT.createTestProbe();
    evaluator.tell(evaluate("run-eval", ck.saved(), SOLVERS, experiment, reply));

    var evaluation = assertInstanceOf(Evaluator.Evaluation.class, reply.receiveMessage(Duration.ofSeconds(60)));
    assertEquals("rf1", evaluation.stage());
    assertEquals(ck.saved().checkpointId(), evaluation.checkpointId());
    assertEquals(30, evaluation.step());

    // The same numbers straight from the engine, on the seed's evaluation points.
    MlpField flow = ck.checkpoint().model(false).field();
    Points x0 = new SourceSpec.Toy("gaussian", 0).open(SEED, "pi0").sample(Rng.of(SEED, "eval", "x0", 0), SAMPLES);
    Points target = new SourceSpec.Toy("moons", 0).open(SEED, "pi1").sample(Rng.of(SEED, "eval", "x1", 0), SAMPLES);
    double straightness = Straightness.of(flow, x0, 100);
    Map<String, Map<String, Double>> expected = new LinkedHashMap<>();
    for (String s : SOLVERS) {
      Map<String, Double> values = new LinkedHashMap<>(
          SampleQuality.measure(flow, x0, target, Solver.parse(s), Rng.of(SEED, "eval", "metrics", 0)).asMap());
      values.put("straightness", straightness);
      expected.put(s, values);
    }
    assertEquals(expected, evaluation.bySolver());
    assertTrue(expected.get("euler:1").containsKey("w2") && expected.get("euler:1").containsKey("crossing_probability"),
        expected::toString);

    List<Event.MetricsRecorded> recorded = metricsEvents("run-eval");
    assertEquals(SOLVERS, recorded.stream().map(Event.MetricsRecorded::solver).toList());
    for (Event.MetricsRecorded m : recorded) {
      assertEquals(new Event.MetricsRecorded(ck.saved().checkpointId(), "rf1", 30, m.solver(), expected.get(m.solver()),
          m.seconds()), m);
      assertTrue(m.seconds().orElseThrow() > 0, "the time it took is recorded: " + m);
    }

    int events = JOURNAL.persistedInStorage("experiment|run-eval").size();
    TestProbe<Evaluator.Evaluated> again = TESTKIT.createTestProbe();
    evaluator.tell(evaluate("run-eval", ck.saved(), SOLVERS, experiment, again));
    assertEquals(evaluation, again.receiveMessage(Duration.ofSeconds(60)), "same points, same numbers");
    assertEquals(events, JOURNAL.persistedInStorage("experiment|run-eval").size(), "already recorded: no new event");
  }

  @Test
  void aCheckpointTheRunDoesNotKnowFailsWithTheExperimentsReason() {
    TeacherCheckpoints.Stored ck = TeacherCheckpoints.train(home, "rf1", SEED, 5);
    ActorRef<Experiment.Command> experiment = submitRunWith("run-eval-unknown", null);
    TestProbe<Evaluator.Evaluated> reply = TESTKIT.createTestProbe();
    evaluator().tell(evaluate("run-eval-unknown", ck.saved(), SOLVERS, experiment, reply));

    var failed = assertInstanceOf(Evaluator.EvaluationFailed.class, reply.receiveMessage(Duration.ofSeconds(30)));
    assertEquals(ck.saved().checkpointId(), failed.checkpointId());
    assertTrue(failed.reason().contains("did not record the metrics of checkpoint " + ck.saved().checkpointId())
        && failed.reason().contains("no checkpoint '" + ck.saved().checkpointId() + "' in run run-eval-unknown"),
        failed.reason());
    assertTrue(metricsEvents("run-eval-unknown").isEmpty());
  }

  @Test
  void aMissingCheckpointFileOrAnUnknownSolverFailsBeforeAnythingIsRecorded() {
    TeacherCheckpoints.Stored ck = TeacherCheckpoints.train(home, "rf1", SEED, 5);
    ActorRef<Experiment.Command> experiment = submitRunWith("run-eval-bad", ck.saved());
    ActorRef<Evaluator.Command> evaluator = evaluator();

    TestProbe<Evaluator.Evaluated> typo = TESTKIT.createTestProbe();
    evaluator.tell(evaluate("run-eval-bad", ck.saved(), List.of("euler:1", "eulr:4"), experiment, typo));
    var badSolver = assertInstanceOf(Evaluator.EvaluationFailed.class, typo.receiveMessage(Duration.ofSeconds(30)));
    assertTrue(badSolver.reason().contains("invalid solver 'eulr:4'"), badSolver.reason());

    var gone = new Event.CheckpointSaved("ck-abababababababab", "rf1", 30, "ab".repeat(32), Optional.empty(),
        Optional.empty(), 0.5, List.of(0.5));
    TestProbe<Evaluator.Evaluated> missing = TESTKIT.createTestProbe();
    evaluator.tell(evaluate("run-eval-bad", gone, SOLVERS, experiment, missing));
    var noFile = assertInstanceOf(Evaluator.EvaluationFailed.class, missing.receiveMessage(Duration.ofSeconds(30)));
    String file = ArtifactStore.open(home).path("ab".repeat(32)).toString();
    assertTrue(noFile.reason().contains("checkpoint ck-abababababababab") && noFile.reason().contains(file + " is missing"),
        noFile.reason());

    assertTrue(metricsEvents("run-eval-bad").isEmpty());
    assertInstanceOf(RunState.Active.class, TestRuns.state(TESTKIT, experiment), "a failed evaluation does not fail the run");
  }

  @Test
  void anEvaluatorIsFoundThroughTheReceptionist() {
    ActorRef<Evaluator.Command> evaluator = evaluator();
    TestProbe<Receptionist.Listing> listing = TESTKIT.createTestProbe();
    listing.awaitAssert(Duration.ofSeconds(3), () -> {
      TESTKIT.system().receptionist().tell(Receptionist.find(Evaluator.KEY, listing.getRef()));
      assertTrue(listing.receiveMessage().getServiceInstances(Evaluator.KEY).contains(evaluator));
      return null;
    });
  }

  private ActorRef<Evaluator.Command> evaluator() {
    return TESTKIT.spawn(Evaluator.create(), Trainer.dispatcher(TESTKIT.system()));
  }

  private Evaluator.Evaluate evaluate(String runId, Event.CheckpointSaved ck, List<String> solvers,
      ActorRef<Experiment.Command> experiment, TestProbe<Evaluator.Evaluated> reply) {
    return new Evaluator.Evaluate(runId, ck.stage(), ck.checkpointId(), ck.sha256(), ck.step(), TeacherCheckpoints.MODEL,
        new SourceSpec.Toy("gaussian", 0), new SourceSpec.Toy("moons", 0), SEED, SAMPLES, solvers, TestArtifacts.of(TESTKIT, home), experiment, reply.getRef());
  }

  private static List<Event.MetricsRecorded> metricsEvents(String runId) {
    return JOURNAL.persistedInStorage("experiment|" + runId).stream()
        .filter(e -> e instanceof Event.MetricsRecorded).map(e -> (Event.MetricsRecorded) e).toList();
  }

  /** A run with the one stage rf1, running, with {@code checkpoint} recorded when given. */
  private static ActorRef<Experiment.Command> submitRunWith(String runId, Event.CheckpointSaved checkpoint) {
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, runId, "rf1", SEED, true);
    TestProbe<StatusReply<Done>> ack = TESTKIT.createTestProbe();
    if (checkpoint != null) {
      experiment.tell(new Experiment.RecordCheckpoint(checkpoint, ack.getRef()));
      assertTrue(ack.receiveMessage().isSuccess());
    }
    return experiment;
  }
}
