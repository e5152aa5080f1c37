package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reflow.experiment.Event.CheckpointSaved;
import org.reflow.experiment.Event.CouplingShardWritten;
import org.reflow.experiment.StageRecord.Status;

/**
 * The Experiment's rules, command by command: the reply, the events persisted and the state,
 * with every command, event and state round-tripped through the Jackson CBOR serializer.
 */
class ExperimentTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.parseString(
          "pekko.actor.serialization-bindings { \"org.reflow.experiment.CborSerializable\" = jackson-cbor }")
      .withFallback(EventSourcedBehaviorTestKit.config()));

  private EventSourcedBehaviorTestKit<Experiment.Command, Event, RunState> kit;

  @BeforeEach
  void freshRun() {
    kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(), Experiment.create("run-1"));
  }

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void submittingRecordsTheSpecAndPlanAndOnlyStagesWithoutInputsAreReady() {
    var result = kit.<StatusReply<Done>>runCommand(r -> submit(r));
    assertTrue(result.reply().isSuccess());
    var submitted = result.eventOfType(Event.ExperimentSubmitted.class);
    assertEquals("run-1", submitted.runId());
    assertEquals(List.of("rf1"), submitted.stageInputs().get("rf2"));
    RunState.Active state = result.stateOfType(RunState.Active.class);
    assertEquals(List.of("rf1"), state.readyStages());
    assertEquals(Status.PENDING, state.stages().get("rf2").status());
  }

  @Test
  void commandsBeforeSubmissionAndASecondSubmissionAreRefused() {
    var early = kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r));
    assertTrue(early.reply().getError().getMessage().contains("run run-1 does not exist"));
    assertTrue(early.hasNoEvents());
    kit.runCommand(this::submit);
    var again = kit.<StatusReply<Done>>runCommand(this::submit);
    assertTrue(again.reply().getError().getMessage().contains("already submitted"));
    assertTrue(again.hasNoEvents());
  }

  @Test
  void aStageStartsOnlyOnceItsInputsAreCompleteAndEachRestartIsANewAttempt() {
    kit.runCommand(this::submit);
    var tooEarly = kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2", r));
    assertEquals("stage 'rf2' waits for rf1", tooEarly.reply().getError().getMessage());
    assertTrue(tooEarly.hasNoEvents());
    var unknown = kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf9", r));
    assertTrue(unknown.reply().getError().getMessage().contains("has no stage 'rf9'; its stages: rf1, rf2, rf3, rf2-distilled"));

    assertEquals(1, kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r)).reply().getValue());
    var restart = kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r));
    assertEquals(2, restart.reply().getValue());
    assertEquals(new Event.StageStarted("rf1", 2), restart.event());
  }

  @Test
  void checkpointsMustAdvanceAndMetricsAreRecordedOncePerCheckpointAndSolver() {
    kit.runCommand(this::submit);
    var notRunning = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint("rf1", 100), r));
    assertEquals("stage 'rf1' is pending, not running", notRunning.reply().getError().getMessage());

    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r));
    var saved = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint("rf1", 100), r));
    assertEquals(checkpoint("rf1", 100), saved.event());
    var backwards = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint("rf1", 50), r));
    assertTrue(backwards.reply().getError().getMessage().contains("does not follow the last one, at step 100"));
    assertTrue(backwards.hasNoEvents());

    var metrics = new Event.MetricsRecorded("ck-rf1-100", "rf1", 100, "euler:1", Map.of("w2", 6.2));
    assertEquals(metrics, kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordMetrics(metrics, r)).event());
    var again = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordMetrics(metrics, r));
    assertTrue(again.reply().isSuccess());
    assertTrue(again.hasNoEvents(), "a retried evaluation is acknowledged, not recorded twice");
    var unknown = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordMetrics(
        new Event.MetricsRecorded("ck-nope", "rf1", 1, "rk45", Map.of()), r));
    assertTrue(unknown.reply().getError().getMessage().contains("no checkpoint 'ck-nope'"));
  }

  @Test
  void aShardReportedTwiceIsKeptOnceAndAConflictingHashIsRefused() {
    kit.runCommand(this::submit);
    completeStage("rf1", 100);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2", r));
    var shard = new CouplingShardWritten("cp-rf2", "rf2", 0, 0, 5000, "aa");
    assertEquals(shard, kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordShard(shard, r)).event());
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordShard(shard, r)).hasNoEvents());
    var conflicting = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordShard(
        new CouplingShardWritten("cp-rf2", "rf2", 0, 0, 5000, "bb"), r));
    assertTrue(conflicting.reply().getError().getMessage().contains("not deterministic"));
    assertEquals(Map.of(0, shard), ((RunState.Active) kit.getState()).stages().get("rf2").shards());
  }

  @Test
  void theRunCompletesOnlyWhenEveryStageDidAndNothingIsRecordedAfterwards() {
    kit.runCommand(this::submit);
    completeStage("rf1", 100);
    assertEquals(List.of("rf2"), ((RunState.Active) kit.getState()).readyStages());
    completeStage("rf2", 100);
    assertEquals(List.of("rf3", "rf2-distilled"), ((RunState.Active) kit.getState()).readyStages(), "branches of rf2");
    completeStage("rf3", 100);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2-distilled", r));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint("rf2-distilled", 100), r));
    var early = kit.<StatusReply<Done>>runCommand(Experiment.CompleteRun::new);
    assertTrue(early.reply().getError().getMessage().contains("still has stages not completed: rf2-distilled"));
    var stage = kit.<StatusReply<Done>>runCommand(r -> new Experiment.CompleteStage("rf2-distilled", "ck-rf2-distilled-100", r));
    assertEquals(1, stage.events().size(), "the last stage completes alone; its evaluations may still be running");
    var last = kit.<StatusReply<Done>>runCommand(Experiment.CompleteRun::new);
    assertInstanceOf(Event.ExperimentCompleted.class, last.event());
    RunState.Finished finished = last.stateOfType(RunState.Finished.class);
    assertTrue(finished.succeeded());
    var late = kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r));
    assertTrue(late.reply().getError().getMessage().contains("has completed"));
  }

  @Test
  void metricsOfARecordedCheckpointLandAfterTheRunCompletedButOnlyUnderTheCheckpointsStage() {
    kit.runCommand(this::submit);
    for (String stage : List.of("rf1", "rf2", "rf3", "rf2-distilled")) {
      completeStage(stage, 100);
    }
    kit.<StatusReply<Done>>runCommand(Experiment.CompleteRun::new);
    assertInstanceOf(RunState.Finished.class, kit.getState());
    var wrongStage = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordMetrics(
        new Event.MetricsRecorded("ck-rf1-100", "rf2", 100, "rk45", Map.of("w2", 1.0)), r));
    assertEquals("checkpoint 'ck-rf1-100' belongs to stage 'rf1', not 'rf2'", wrongStage.reply().getError().getMessage());
    var metrics = new Event.MetricsRecorded("ck-rf2-distilled-100", "rf2-distilled", 100, "euler:1", Map.of("w2", 2.1));
    assertEquals(metrics, kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordMetrics(metrics, r)).event());
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordMetrics(metrics, r)).hasNoEvents());
    assertEquals(kit.getState(), kit.restart().state(), "a finished run's late metrics replay too");
  }

  @Test
  void aRetriedCouplingReportIsKeptOnce() {
    kit.runCommand(this::submit);
    completeStage("rf1", 100);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2", r));
    var coupling = new Event.CouplingMaterialized("cp-rf2", "rf2", "ck-rf1-100", "euler:100", 10, 0, List.of("aa"));
    assertEquals(coupling, kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCoupling(coupling, r)).event());
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCoupling(coupling, r)).hasNoEvents());
  }

  @Test
  void aFailedStageFailsTheRunWithItsReason() {
    kit.runCommand(this::submit);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r));
    var failed = kit.<StatusReply<Done>>runCommand(r -> new Experiment.FailStage("rf1", "disk full writing checkpoint", r));
    assertEquals(new Event.StageFailed("rf1", "disk full writing checkpoint"), failed.events().get(0));
    RunState.Finished state = failed.stateOfType(RunState.Finished.class);
    assertEquals(Optional.of("stage rf1 failed: disk full writing checkpoint"), state.failure());
    assertInstanceOf(RunState.Finished.class, kit.<RunState>runCommand(Experiment.GetRun::new).reply());
  }

  @Test
  void stateRecoveredFromTheJournalEqualsTheStateBeforeTheRestart() {
    kit.runCommand(this::submit);
    completeStage("rf1", 100);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2", r));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordShard(new CouplingShardWritten("cp-rf2", "rf2", 0, 0, 10, "aa"), r));
    RunState before = kit.getState();
    assertEquals(before, kit.restart().state());
  }

  @Test
  void resumingReopensUnfinishedStagesKeepsTheirRecordsAndCountsResumptions() {
    kit.runCommand(this::submit);
    completeStage("rf1", 100);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2", r));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordShard(new CouplingShardWritten("cp-rf2", "rf2", 0, 0, 50, "aa"), r));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint("rf2", 50), r));

    var first = kit.<StatusReply<Event.ExperimentResumed>>runCommand(r -> new Experiment.Resume(Instant.EPOCH, "host",
        Map.of("rf2", 50L, "rf3", 0L, "rf2-distilled", 0L), Map.of("rf2", List.of(0)), List.of(), r));
    Event.ExperimentResumed resumed = first.reply().getValue();
    assertEquals(1, resumed.resumption());
    assertEquals(List.of("rf1"), resumed.keptStages());
    assertEquals(Optional.empty(), resumed.previousFailure());
    RunState.Active state = first.stateOfType(RunState.Active.class);
    assertEquals(List.of("rf2"), state.readyStages(), "the stage that was running is pending again");
    assertEquals(1, state.stages().get("rf2").checkpoints().size(), "its checkpoints stay");
    assertEquals(2, kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2", r)).reply().getValue(),
        "its next start is attempt 2");

    // A checkpoint retrained to the bytes it had is acknowledged without a second event; other bytes are refused.
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint("rf2", 50), r)).hasNoEvents());
    var different = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(
        new CheckpointSaved("ck-other", "rf2", 50, "sha-other", Optional.empty(), Optional.empty(), 0.5, List.of(0.5)), r));
    assertTrue(different.reply().getError().getMessage().contains("training is not deterministic here"));

    var second = kit.<StatusReply<Event.ExperimentResumed>>runCommand(r -> new Experiment.Resume(Instant.EPOCH, "host",
        Map.of(), Map.of(), List.of(), r));
    assertEquals(2, second.reply().getValue().resumption());
    assertEquals(kit.getState(), kit.restart().state(), "resumptions replay");
  }

  @Test
  void aFailedRunResumesButACompletedOneAndImpossibleRestartPointsAreRefused() {
    kit.runCommand(this::submit);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.FailStage("rf1", "disk full", r));
    var noCheckpoint = kit.<StatusReply<Event.ExperimentResumed>>runCommand(r -> new Experiment.Resume(Instant.EPOCH, "host",
        Map.of("rf1", 30L), Map.of(), List.of(), r));
    assertEquals("stage 'rf1' recorded no checkpoint at step 30 to restart from", noCheckpoint.reply().getError().getMessage());
    var resumed = kit.<StatusReply<Event.ExperimentResumed>>runCommand(r -> new Experiment.Resume(Instant.EPOCH, "host",
        Map.of("rf1", 0L), Map.of(), List.of(), r));
    assertEquals(Optional.of("stage rf1 failed: disk full"), resumed.reply().getValue().previousFailure());
    assertEquals(List.of("rf1"), resumed.stateOfType(RunState.Active.class).readyStages());

    for (String stage : List.of("rf1", "rf2", "rf3", "rf2-distilled")) {
      completeStage(stage, 100);
    }
    kit.<StatusReply<Done>>runCommand(Experiment.CompleteRun::new);
    var done = kit.<StatusReply<Event.ExperimentResumed>>runCommand(r -> new Experiment.Resume(Instant.EPOCH, "host",
        Map.of(), Map.of(), List.of(), r));
    assertTrue(done.reply().getError().getMessage().contains("there is nothing to resume"));
    assertTrue(done.hasNoEvents());
  }

  @Test
  void aCancelledRunRecordsNothingMoreResumesWithItsCancellationAndAnEndedRunCannotBeCancelled() {
    kit.runCommand(this::submit);
    completeStage("rf1", 100);
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf2", r));
    var cancelled = kit.<StatusReply<RunState>>runCommand(r -> new Experiment.Cancel(Instant.EPOCH, "reflow cancel, pid 1", r));
    assertEquals(new Event.ExperimentCancelled(Instant.EPOCH, "reflow cancel, pid 1"), cancelled.event());
    RunState.Finished finished = cancelled.stateOfType(RunState.Finished.class);
    assertEquals(finished, cancelled.reply().getValue());
    assertTrue(finished.resumable() && !finished.succeeded());
    assertEquals("cancelled", RunHistory.of(kit.persistenceTestKit().persistedInStorage("experiment|run-1").stream()
        .map(Event.class::cast).toList()).status());
    assertEquals(kit.getState(), kit.restart().state(), "replayed from the journal");

    var late = kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint("rf2", 10), r));
    assertEquals("run run-1 has been cancelled; it records nothing more", late.reply().getError().getMessage());
    var twice = kit.<StatusReply<RunState>>runCommand(r -> new Experiment.Cancel(Instant.EPOCH, "again", r));
    assertTrue(twice.reply().isError() && twice.hasNoEvents());

    var resumed = kit.<StatusReply<Event.ExperimentResumed>>runCommand(r -> new Experiment.Resume(Instant.EPOCH, "host",
        Map.of("rf2", 0L), Map.of(), List.of(), r));
    assertEquals(Optional.of("cancelled at 1970-01-01T00:00:00Z (reflow cancel, pid 1)"), resumed.reply().getValue().previousFailure());
    assertEquals(List.of("rf2"), resumed.stateOfType(RunState.Active.class).readyStages());
  }

  private void completeStage(String stage, long step) {
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage(stage, r));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.RecordCheckpoint(checkpoint(stage, step), r));
    var done = kit.<StatusReply<Done>>runCommand(r -> new Experiment.CompleteStage(stage, "ck-" + stage + "-" + step, r));
    assertTrue(done.reply().isSuccess(), () -> done.reply().getError().getMessage());
  }

  private static CheckpointSaved checkpoint(String stage, long step) {
    return new CheckpointSaved("ck-" + stage + "-" + step, stage, step, "sha-" + stage + step,
        Optional.empty(), Optional.empty(), 0.5, List.of(0.5));
  }

  private Experiment.Submit submit(org.apache.pekko.actor.typed.ActorRef<StatusReply<Done>> replyTo) {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("rf1", List.of());
    inputs.put("rf2", List.of("rf1"));
    inputs.put("rf3", List.of("rf2"));
    inputs.put("rf2-distilled", List.of("rf2"));
    return new Experiment.Submit("three-gaussians", "experiment: three-gaussians\n", "abc", 0,
        Instant.parse("2026-11-29T07:00:00Z"), "host", inputs, "/tmp", Map.of("/data/x.npy", "aa"), Map.of(), replyTo);
  }
}
