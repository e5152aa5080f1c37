package org.reflow.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.SourceRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.data.Toys;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.FlowTrainer;
import org.reflow.flow.VelocityMlp;
import org.reflow.rand.Rng;
import org.reflow.store.ArtifactStore;
import org.reflow.store.Sha256;
import org.reflow.spec.Pairing;
import org.reflow.spec.SourceSpec;

/**
 * A Trainer between a real Coupler and a real Experiment, every message serialized on every
 * send: what it records, what it tells its listener, and that it trains exactly as the engine does.
 */
class TrainerTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(WorkTestConfig.config());
  private static final long SEED = 7;
  private static final int BATCH = 64;
  private static final ModelSpecFields MODEL = new ModelSpecFields(2, List.of(16, 16), "tanh", "raw");
  private static final TrainingConfigFields TRAINING =
      new TrainingConfigFields(60, BATCH, 5e-3, 0.9, 0.999, 1e-8, "squared", "uniform", 0, 0);
  private static final TrainingConfigFields SHORT_TRAINING =
      new TrainingConfigFields(10, BATCH, 5e-3, 0.9, 0.999, 1e-8, "squared", "uniform", 0, 0);
  private static final PairsRequest GAUSSIAN_TO_MOONS =
      new PairsRequest.FreshPairs(Pairing.INDEPENDENT, new SourceSpec.Toy("gaussian", 0), new SourceSpec.Toy("moons", 0), SEED, "rf1");

  @TempDir Path home;

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void aStageTrainedThroughCouplerAndTrainerIsRecordedAndEndsInTheBareEngineLoopsBytes() throws IOException {
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, "run-e2e", "rf1", SEED, true);
    TestProbe<Trainer.Progress> progress = TESTKIT.createTestProbe();
    trainer().tell(train("run-e2e", TRAINING, GAUSSIAN_TO_MOONS, experiment, progress));

    List<Trainer.Progress> heard = untilStageEnds(progress);
    assertInstanceOf(Trainer.StageCompleted.class, heard.get(heard.size() - 1), heard::toString);
    assertEquals(List.of(20L, 40L, 60L), heard.stream().filter(p -> p instanceof Trainer.CheckpointSaved)
        .map(p -> ((Trainer.CheckpointSaved) p).step()).toList());
    assertTrue(heard.stream().anyMatch(p -> p instanceof Trainer.Stepped s && s.step() == 60 && s.total() == 60));
    assertEquals(1L, heard.stream().filter(p -> p instanceof Trainer.Stepped).map(p -> ((Trainer.Stepped) p).step())
        .findFirst().orElseThrow(), "the first step is reported at once: the stage is under way");

    // The Trainer completes its stage; completing the run is its conductor's call, after the evaluations.
    RunState.Active run = assertInstanceOf(RunState.Active.class, TestRuns.state(TESTKIT, experiment));
    assertTrue(run.settled());
    StageRecord rf1 = run.stages().get("rf1");
    assertEquals(StageRecord.Status.COMPLETED, rf1.status());
    List<Event.CheckpointSaved> checkpoints = rf1.checkpoints();
    assertEquals(List.of(20L, 40L, 60L), checkpoints.stream().map(Event.CheckpointSaved::step).toList());
    ArtifactStore store = ArtifactStore.open(home);
    for (int i = 0; i < checkpoints.size(); i++) {
      Event.CheckpointSaved c = checkpoints.get(i);
      assertEquals(c.sha256(), Sha256.hex(store.path(c.sha256())), "the stored bytes hash to the recorded SHA-256");
      assertEquals("ck-" + c.sha256().substring(0, 16), c.checkpointId());
      assertEquals(i == 0 ? Optional.empty() : Optional.of(checkpoints.get(i - 1).checkpointId()), c.parentCheckpoint());
    }
    Event.CheckpointSaved last = checkpoints.get(2);
    assertEquals(Optional.of(last.checkpointId()), rf1.finalCheckpoint());

    // The same stage as a bare engine loop: same model init, coupling, seed and facts.
    FlowTrainer bare = FlowTrainer.start(VelocityMlp.initialize(MODEL.toSpec(), Rng.of(SEED, "rf1", "init", 0)),
        new IndependentCoupling(Toys.byName("gaussian"), Toys.byName("moons"), SEED, "rf1"), TRAINING.toConfig(), SEED, "rf1");
    double loss = Double.NaN;
    List<Double> bareLosses = new java.util.ArrayList<>();
    for (int step = 0; step < 60; step++) {
      loss = bare.step();
      bareLosses.add(loss);
    }
    assertEquals(loss, last.loss());
    assertEquals(bareLosses, checkpoints.stream().flatMap(c -> c.losses().stream()).toList(),
        "the checkpoints' training logs are every step's loss, once each, in order");
    Path bareFile = home.resolve("bare.npz");
    CheckpointFile.write(bareFile, bare.checkpoint(), Map.of("stage", "rf1", "seed", SEED, "loss", loss));
    assertArrayEquals(Files.readAllBytes(bareFile), Files.readAllBytes(store.path(last.sha256())));
  }

  @Test
  void missingStoredShardsFailTheStageWithAReasonThatNamesTheShardAndTheRemedy() {
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, "run-missing-shard", "rf1", SEED, true);
    var missing = new PairsRequest.StoredPairs(
        List.of(new PairsRequest.Shard(0, 0, 1000, "ab".repeat(32))), TestArtifacts.of(TESTKIT, home), 2, SEED, "rf1");
    TestProbe<Trainer.Progress> progress = TESTKIT.createTestProbe();
    trainer().tell(train("run-missing-shard", TRAINING, missing, experiment, progress));

    List<Trainer.Progress> heard = untilStageEnds(progress);
    var failed = assertInstanceOf(Trainer.StageFailed.class, heard.get(heard.size() - 1), heard::toString);
    String shardFile = ArtifactStore.open(home).path("ab".repeat(32)).toString();
    assertTrue(failed.reason().contains(shardFile + " is missing") && failed.reason().contains("must be regenerated"),
        failed.reason());
    RunState.Finished run = assertInstanceOf(RunState.Finished.class, TestRuns.state(TESTKIT, experiment));
    assertEquals(StageRecord.Status.FAILED, run.stages().get("rf1").status());
    assertEquals(Optional.of(failed.reason()), run.stages().get("rf1").failure());
  }

  @Test
  void aCheckpointTheExperimentRefusesFailsTheStageAndStillTellsTheListener() {
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, "run-not-started", "rf1", SEED, false);
    TestProbe<Trainer.Progress> progress = TESTKIT.createTestProbe();
    trainer().tell(train("run-not-started", TRAINING, GAUSSIAN_TO_MOONS, experiment, progress));

    List<Trainer.Progress> heard = untilStageEnds(progress);
    var failed = assertInstanceOf(Trainer.StageFailed.class, heard.get(heard.size() - 1), heard::toString);
    assertTrue(failed.reason().contains("did not record checkpoint") && failed.reason().contains("pending, not running")
        && failed.reason().contains("did not record this failure"), failed.reason());
    assertTrue(heard.stream().noneMatch(p -> p instanceof Trainer.CheckpointSaved), "nothing unrecorded is announced");
    var run = assertInstanceOf(RunState.Active.class, TestRuns.state(TESTKIT, experiment));
    assertTrue(run.stages().get("rf1").checkpoints().isEmpty());
  }

  @Test
  void aSecondStageSentWhileTrainingWaitsItsTurnAndCompletes() {
    List<List<Trainer.Progress>> heard = oneTrainerTwoStages(SHORT_TRAINING, "run-first", "run-second");
    List<Trainer.Progress> a = heard.get(0);
    List<Trainer.Progress> b = heard.get(1);
    assertInstanceOf(Trainer.StageCompleted.class, a.get(a.size() - 1), a::toString);
    assertEquals(((Trainer.StageCompleted) a.get(a.size() - 1)).finalCheckpoint(),
        assertInstanceOf(Trainer.StageCompleted.class, b.get(b.size() - 1), b::toString).finalCheckpoint(),
        "same training, same bytes, same content address");
  }

  @Test
  void aStageThatFailsAfterItsPairsWereAllSentStillFreesItsTrainerForTheNextStage() {
    // 10 steps of a fast Coupler: the whole stream is in the Trainer's buffers before the first step, and a
    // learning rate of 1e30 diverges at step 1; the buffered rest must be drained for the stream to end.
    var diverging = new TrainingConfigFields(10, BATCH, 1e30, 0.9, 0.999, 1e-8, "squared", "uniform", 0, 0);
    List<List<Trainer.Progress>> heard = oneTrainerTwoStages(diverging, "run-diverges", "run-after");
    List<Trainer.Progress> a = heard.get(0);
    var failed = assertInstanceOf(Trainer.StageFailed.class, a.get(a.size() - 1), a::toString);
    assertTrue(failed.reason().contains("training diverged"), failed.reason());
    List<Trainer.Progress> b = heard.get(1);
    assertInstanceOf(Trainer.StageCompleted.class, b.get(b.size() - 1), b::toString);
  }

  /** Sends one Trainer a stage of run {@code first} trained with {@code training}, then one of {@code second}; what each heard. */
  private List<List<Trainer.Progress>> oneTrainerTwoStages(TrainingConfigFields training, String first, String second) {
    ActorRef<Trainer.Command> trainer = trainer();
    TestProbe<Trainer.Progress> firstHeard = TESTKIT.createTestProbe();
    TestProbe<Trainer.Progress> secondHeard = TESTKIT.createTestProbe();
    trainer.tell(train(first, training, GAUSSIAN_TO_MOONS, TestRuns.submit(TESTKIT, first, "rf1", SEED, true), firstHeard));
    trainer.tell(train(second, SHORT_TRAINING, GAUSSIAN_TO_MOONS, TestRuns.submit(TESTKIT, second, "rf1", SEED, true),
        secondHeard));
    return List.of(untilStageEnds(firstHeard), untilStageEnds(secondHeard));
  }

  private ActorRef<Trainer.Command> trainer() {
    return TESTKIT.spawn(Trainer.create(), Trainer.dispatcher(TESTKIT.system()));
  }

  private Trainer.Train train(String runId, TrainingConfigFields training, PairsRequest pairs,
      ActorRef<Experiment.Command> experiment, TestProbe<Trainer.Progress> progress) {
    return new Trainer.Train(runId, "rf1", MODEL, training, SEED, 20, Optional.empty(), Optional.empty(), Optional.empty(),
        openPairs(pairs, training.batchSize()), experiment, TestArtifacts.of(TESTKIT, home), progress.getRef());
  }

  private static SourceRef<PairBatchPart> openPairs(PairsRequest request, int batchSize) {
    TestProbe<Coupler.SourceRefReply> reply = TESTKIT.createTestProbe();
    TESTKIT.spawn(Coupler.create()).tell(new Coupler.OpenPairs(request, 0, batchSize, reply.getRef()));
    return reply.receiveMessage().pairs();
  }

  private static List<Trainer.Progress> untilStageEnds(TestProbe<Trainer.Progress> progress) {
    return progress.fishForMessage(Duration.ofSeconds(60), p ->
        p instanceof Trainer.StageCompleted || p instanceof Trainer.StageFailed
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndCollect());
  }
}
