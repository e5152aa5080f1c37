package org.reflow.work;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.spec.SourceSpec;

/** Every Simulator and Evaluator message survives Jackson CBOR unchanged, so they may sit on any node. */
class SimEvalSerializationTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(WorkTestConfig.config());
  private static final SerializationTestKit SERIALIZATION = new SerializationTestKit(TESTKIT.system());
  private static final ModelSpecFields MODEL = new ModelSpecFields(2, List.of(16, 16), "silu", "sinusoidal:4:1000.0");

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void everySimulatorMessageRoundTripsThroughJacksonCbor() {
    ActorRef<Experiment.Command> experiment = TESTKIT.<Experiment.Command>createTestProbe().getRef();
    roundTrips(new Simulator.Generate("run-1", "rf2", "cp-rf2", MODEL, "ck-0123456789abcdef", "ab".repeat(32),
        new SourceSpec.Toy("8gaussians", 10_000), 7, "rk45:1e-5:1e-5", 10_000, 5_000,
        java.util.Map.of(0, "ef".repeat(32)), TestArtifacts.probe(TESTKIT), experiment,
        TESTKIT.<Simulator.Generated>createTestProbe().getRef()));
    roundTrips(new Simulator.ShardRecorded(new Event.CouplingShardWritten("cp-rf2", "rf2", 1, 5000, 10000, "cd".repeat(32))));
    roundTrips(Simulator.CouplingRecorded.INSTANCE);
    roundTrips(new Simulator.ReportRefused("stage 'rf2' is pending, not running"));
    roundTrips(new Simulator.FailureRecorded(Optional.of("run run-1 has failed; it records nothing more")));
    roundTrips(new Simulator.FailureRecorded(Optional.empty()));
    roundTrips(new Simulator.CouplingReady("rf2", "cp-rf2",
        List.of(new PairsRequest.Shard(0, 0, 5000, "ab".repeat(32)), new PairsRequest.Shard(1, 5000, 10000, "cd".repeat(32)))));
    roundTrips(new Simulator.GenerationFailed("rf2", "the teacher checkpoint is missing"));
  }

  @Test
  void everyEvaluatorMessageRoundTripsThroughJacksonCbor() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("nfe", 1.0);
    values.put("w2", 0.125);
    values.put("sliced_w2", 1e-300);
    values.put("straightness", 0.0);
    roundTrips(new Evaluator.Evaluate("run-1", "rf2", "ck-0123456789abcdef", "ab".repeat(32), 20, MODEL, new SourceSpec.Toy("8gaussians", 10_000),
        new SourceSpec.Toy("moons", 10_000), 7, 2_000, List.of("euler:1", "heun:4", "rk45"), TestArtifacts.probe(TESTKIT),
        TESTKIT.<Experiment.Command>createTestProbe().getRef(), TESTKIT.<Evaluator.Evaluated>createTestProbe().getRef()));
    roundTrips(new Evaluator.SolverRecorded(new Event.MetricsRecorded("ck-0123456789abcdef", "rf2", 20, "euler:1", values)));
    roundTrips(new Evaluator.ReportRefused("no checkpoint 'ck-0123456789abcdef' in run run-1"));
    roundTrips(new Evaluator.Evaluation("rf2", "ck-0123456789abcdef", 20, Map.of("euler:1", values, "rk45", Map.of())));
    roundTrips(new Evaluator.EvaluationFailed("rf2", "ck-0123456789abcdef", "invalid solver 'eulr:4'"));
  }

  private static void roundTrips(Object message) {
    SERIALIZATION.verifySerialization(message, true);
  }
}
