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
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.coupling.PairShard;
import org.reflow.coupling.ReflowPairs;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.solve.Solver;
import org.reflow.spec.SourceSpec;
import org.reflow.store.ArtifactStore;
import org.reflow.store.NpzContents;
import org.reflow.store.Npz;
import org.reflow.store.Sha256;

/**
 * A Simulator against a real Experiment, every message serialized on every send: what it
 * records, what it answers, and that its shards are the engine's shards byte for byte.
 */
class SimulatorTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(WorkTestConfig.config());
  private static final long SEED = 7;

  @TempDir Path home;

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void aCouplingIsGeneratedShardByShardIntoTheStoreRecordedAndEqualToTheEnginesShards() throws IOException {
    TeacherCheckpoints.Stored teacher = TeacherCheckpoints.train(home, "rf1", SEED, 30);
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, "run-sim", "rf2", SEED, true);
    TestProbe<Simulator.Generated> reply = TESTKIT.createTestProbe();
    simulator().tell(generate("run-sim", teacher.saved(), experiment, reply));

    var ready = assertInstanceOf(Simulator.CouplingReady.class, answer(reply, Duration.ofSeconds(60)));
    assertEquals("rf2", ready.stage());
    assertEquals("cp-rf2", ready.couplingId());
    assertEquals(List.of(0, 1, 2), ready.shards().stream().map(PairsRequest.Shard::index).toList());
    assertEquals(List.of(0L, 100L, 200L), ready.shards().stream().map(PairsRequest.Shard::from).toList());
    assertEquals(List.of(100L, 200L, 250L), ready.shards().stream().map(PairsRequest.Shard::to).toList());

    var run = assertInstanceOf(RunState.Active.class, TestRuns.state(TESTKIT, experiment));
    StageRecord rf2 = run.stages().get("rf2");
    assertEquals(StageRecord.Status.RUNNING, rf2.status(), "generating a coupling does not end its stage");
    assertEquals(3, rf2.shards().size());
    for (PairsRequest.Shard s : ready.shards()) {
      assertEquals(new Event.CouplingShardWritten("cp-rf2", "rf2", s.index(), s.from(), s.to(), s.sha256()),
          rf2.shards().get(s.index()));
    }
    List<String> shas = ready.shards().stream().map(PairsRequest.Shard::sha256).toList();
    assertEquals(new Event.CouplingMaterialized("cp-rf2", "rf2", teacher.saved().checkpointId(), "euler:4", 250, SEED,
        shas), rf2.coupling().orElseThrow());

    // The same shards straight from the engine: teacher's non-EMA weights, π0 as the spec opens it.
    ArtifactStore store = ArtifactStore.open(home);
    var recipe = new ReflowPairs.Recipe(Solver.parse("euler:4"), 250, 100, SEED, "rf2");
    var pi0 = new SourceSpec.Toy("gaussian", 1000).open(SEED, "pi0");
    Path direct = Files.createDirectories(home.resolve("direct"));
    for (PairsRequest.Shard s : ready.shards()) {
      Path stored = store.path(s.sha256());
      assertEquals(s.sha256(), Sha256.hex(stored), "the stored bytes hash to the shard's name");
      PairShard engine = ReflowPairs.generateShard(teacher.checkpoint().model(false).field(), pi0, recipe, s.index(),
          direct);
      NpzContents expected = Npz.read(engine.file());
      NpzContents actual = Npz.read(stored);
      assertArrayEquals(expected.arrays().get("z0").data(), actual.arrays().get("z0").data(), "z0 of shard " + s.index());
      assertArrayEquals(expected.arrays().get("z1").data(), actual.arrays().get("z1").data(), "z1 of shard " + s.index());
      assertEquals(engine.sha256(), s.sha256(), "same pairs, same bytes, same content address");
    }
  }

  @Test
  void keptShardsAreReusedAndALostOneIsRegeneratedToItsRecordedHash() throws IOException {
    TeacherCheckpoints.Stored teacher = TeacherCheckpoints.train(home, "rf1", SEED, 30);
    TestProbe<Simulator.Generated> reply = TESTKIT.createTestProbe();
    simulator().tell(generate("run-first", teacher.saved(), TestRuns.submit(TESTKIT, "run-first", "rf2", SEED, true), reply));
    var first = assertInstanceOf(Simulator.CouplingReady.class, answer(reply, Duration.ofSeconds(60)));
    ArtifactStore store = ArtifactStore.open(home);
    Path kept = store.path(first.shards().get(0).sha256());
    Path lost = store.path(first.shards().get(1).sha256());
    Files.setLastModifiedTime(kept, java.nio.file.attribute.FileTime.fromMillis(0));
    Files.delete(lost);

    // A second attempt that kept shards 0 and 1 from the first (shard 1's file is gone since).
    Map<Integer, String> recorded = Map.of(0, first.shards().get(0).sha256(), 1, first.shards().get(1).sha256());
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, "run-again", "rf2", SEED, true);
    simulator().tell(generate("run-again", teacher.saved(), recorded, experiment, reply));
    var again = assertInstanceOf(Simulator.CouplingReady.class, answer(reply, Duration.ofSeconds(60)));

    assertEquals(first.shards(), again.shards(), "the same shards, the lost one regenerated bit for bit");
    assertEquals(0, Files.getLastModifiedTime(kept).toMillis(), "an intact kept shard is not rewritten");
    assertEquals(first.shards().get(1).sha256(), Sha256.hex(lost));
  }

  @Test
  void aMissingTeacherCheckpointFailsTheStageWithAReasonThatNamesIt() {
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, "run-no-teacher", "rf2", SEED, true);
    var missing = new Event.CheckpointSaved("ck-abababababababab", "rf1", 30, "ab".repeat(32),
        Optional.empty(), Optional.empty(), 0.5, List.of(0.5));
    TestProbe<Simulator.Generated> reply = TESTKIT.createTestProbe();
    simulator().tell(generate("run-no-teacher", missing, experiment, reply));

    var failed = assertInstanceOf(Simulator.GenerationFailed.class, answer(reply, Duration.ofSeconds(30)));
    assertEquals("rf2", failed.stage());
    String file = ArtifactStore.open(home).path("ab".repeat(32)).toString();
    assertTrue(failed.reason().contains("teacher checkpoint ck-abababababababab") && failed.reason().contains(file + " is missing")
        && failed.reason().contains("must be regenerated or restored"), failed.reason());
    var run = assertInstanceOf(RunState.Finished.class, TestRuns.state(TESTKIT, experiment));
    assertEquals(StageRecord.Status.FAILED, run.stages().get("rf2").status());
    assertEquals(Optional.of(failed.reason()), run.stages().get("rf2").failure());
    assertTrue(run.stages().get("rf2").shards().isEmpty());
  }

  @Test
  void aShardTheExperimentRefusesFailsTheCouplingAndStillAnswers() {
    TeacherCheckpoints.Stored teacher = TeacherCheckpoints.train(home, "rf1", SEED, 5);
    ActorRef<Experiment.Command> experiment = TestRuns.submit(TESTKIT, "run-sim-not-started", "rf2", SEED, false);
    TestProbe<Simulator.Generated> reply = TESTKIT.createTestProbe();
    simulator().tell(generate("run-sim-not-started", teacher.saved(), experiment, reply));

    var failed = assertInstanceOf(Simulator.GenerationFailed.class, answer(reply, Duration.ofSeconds(30)));
    assertTrue(failed.reason().contains("did not record shard 0 of coupling cp-rf2")
        && failed.reason().contains("pending, not running") && failed.reason().contains("did not record this failure"),
        failed.reason());
    assertTrue(assertInstanceOf(RunState.Active.class, TestRuns.state(TESTKIT, experiment)).stages().get("rf2").shards().isEmpty());
  }

  @Test
  void aSecondCouplingSentWhileGeneratingWaitsItsTurnAndIsTheSameCoupling() {
    TeacherCheckpoints.Stored teacher = TeacherCheckpoints.train(home, "rf1", SEED, 5);
    ActorRef<Simulator.Command> simulator = simulator();
    TestProbe<Simulator.Generated> first = TESTKIT.createTestProbe();
    TestProbe<Simulator.Generated> second = TESTKIT.createTestProbe();
    simulator.tell(generate("run-sim-a", teacher.saved(), TestRuns.submit(TESTKIT, "run-sim-a", "rf2", SEED, true), first));
    simulator.tell(generate("run-sim-b", teacher.saved(), TestRuns.submit(TESTKIT, "run-sim-b", "rf2", SEED, true), second));
    var a = assertInstanceOf(Simulator.CouplingReady.class, answer(first, Duration.ofSeconds(60)));
    var b = assertInstanceOf(Simulator.CouplingReady.class, answer(second, Duration.ofSeconds(60)));
    assertEquals(a.shards(), b.shards(), "same recipe, same shards");
  }

  @Test
  void aSimulatorIsFoundThroughTheReceptionist() {
    ActorRef<Simulator.Command> simulator = simulator();
    TestProbe<Receptionist.Listing> listing = TESTKIT.createTestProbe();
    listing.awaitAssert(Duration.ofSeconds(3), () -> {
      TESTKIT.system().receptionist().tell(Receptionist.find(Simulator.KEY, listing.getRef()));
      assertTrue(listing.receiveMessage().getServiceInstances(Simulator.KEY).contains(simulator));
      return null;
    });
  }

  /** The Simulator's answer after its per-shard progress: the coupling, or the failure. */
  private static Simulator.Generated answer(TestProbe<Simulator.Generated> reply, Duration within) {
    while (true) {
      Simulator.Generated m = reply.receiveMessage(within);
      if (!(m instanceof Simulator.ShardWritten)) {
        return m;
      }
    }
  }

  private ActorRef<Simulator.Command> simulator() {
    return TESTKIT.spawn(Simulator.create(), Trainer.dispatcher(TESTKIT.system()));
  }

  /** 250 pairs in shards of 100 from 4 Euler steps of the teacher, π0 a pool of 1,000 Gaussian points. */
  private Simulator.Generate generate(String runId, Event.CheckpointSaved teacher, ActorRef<Experiment.Command> experiment,
      TestProbe<Simulator.Generated> reply) {
    return generate(runId, teacher, Map.of(), experiment, reply);
  }

  private Simulator.Generate generate(String runId, Event.CheckpointSaved teacher, Map<Integer, String> kept,
      ActorRef<Experiment.Command> experiment, TestProbe<Simulator.Generated> reply) {
    return new Simulator.Generate(runId, "rf2", "cp-rf2", TeacherCheckpoints.MODEL, teacher.checkpointId(),
        teacher.sha256(), new SourceSpec.Toy("gaussian", 1000), SEED, "euler:4", 250, 100, kept, TestArtifacts.of(TESTKIT, home),
        experiment, reply.getRef());
  }
}
