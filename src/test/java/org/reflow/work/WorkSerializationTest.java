package org.reflow.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.flow.Activation;
import org.reflow.flow.AdamConfig;
import org.reflow.flow.Loss;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.TimeSampling;
import org.reflow.flow.TrainingConfig;
import org.reflow.flow.UnetSpec;
import org.reflow.spec.Pairing;
import org.reflow.spec.SourceSpec;

/**
 * Every message of the work package survives Jackson CBOR unchanged, so Coupler and Trainer may
 * sit on different nodes; and the wire forms of the engine's settings give back the same settings.
 */
class WorkSerializationTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(WorkTestConfig.config());
  private static final SerializationTestKit SERIALIZATION = new SerializationTestKit(TESTKIT.system());

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void everyCouplerMessageRoundTripsThroughJacksonCbor() {
    ActorRef<Coupler.SourceRefReply> replyTo = TESTKIT.<Coupler.SourceRefReply>createTestProbe().getRef();
    var toys = new PairsRequest.FreshPairs(Pairing.MINIBATCH_OT, new SourceSpec.Toy("8gaussians", 10_000), new SourceSpec.ArrayFile(java.nio.file.Path.of("/data/ring.npy"), java.util.Optional.empty(), 2), 3, "rf1");
    var stored = new PairsRequest.StoredPairs(
        List.of(new PairsRequest.Shard(0, 0, 5000, "ab".repeat(32)), new PairsRequest.Shard(1, 5000, 10000, "cd".repeat(32))),
        TestArtifacts.probe(TESTKIT), 2, 3, "rf2");
    roundTrips(new Coupler.OpenPairs(toys, 12, 256, replyTo));
    roundTrips(new Coupler.OpenPairs(stored, 0, 256, replyTo));
    roundTrips(new Coupler.SourceRefReply(sourceRef()));
    roundTrips(new PairBatch(4, 2, 2, new float[] {1, 2, 3, 4}, new float[] {-1, 0.5f, Float.MIN_VALUE, 1e30f}));
  }

  @Test
  void everyTrainerMessageRoundTripsThroughJacksonCbor() {
    ActorRef<Trainer.PairsAck> ack = TESTKIT.<Trainer.PairsAck>createTestProbe().getRef();
    var checkpoint = new Event.CheckpointSaved("ck-0123456789abcdef", "rf1", 20, "ab".repeat(32),
        Optional.of("ck-fedcba9876543210"), Optional.of("cp-run-1-rf2"), 0.25, List.of(0.5, 0.25));
    roundTrips(new Trainer.Train("run-1", "rf1", new ModelSpecFields(784, List.of(), "silu", "sinusoidal:16:1000.0", "nd4j",
        Optional.of(new UnetSpec(32, List.of(1, 2, 2), 8))),
        new TrainingConfigFields(60, 64, 5e-3, 0.9, 0.999, 1e-8, "pseudo-huber:0.01", "logit-normal:0.0:1.0", 1, 0.99),
        7, 20, Optional.of("cd".repeat(32)), Optional.of("ef".repeat(32)), Optional.of("cp-run-1-rf1"), sourceRef(), TESTKIT.<Experiment.Command>createTestProbe().getRef(),
        TestArtifacts.probe(TESTKIT), TESTKIT.<Trainer.Progress>createTestProbe().getRef()));
    roundTrips(new Trainer.PairsStarted(ack));
    roundTrips(new Trainer.PairsArrived(ack, List.of(new PairBatch(0, 1, 2, new float[] {1, 2}, new float[] {3, 4}))));
    roundTrips(Trainer.PairsEnded.INSTANCE);
    roundTrips(new Trainer.PairsFailed("shard 3 is missing"));
    roundTrips(Trainer.PairsAck.INSTANCE);
    roundTrips(new Trainer.CheckpointRecorded(checkpoint));
    roundTrips(Trainer.CompletionRecorded.INSTANCE);
    roundTrips(new Trainer.ReportRefused("stage 'rf1' is pending, not running"));
    roundTrips(new Trainer.FailureRecorded(Optional.of("run run-1 has failed; it records nothing more")));
    roundTrips(new Trainer.Stepped("run-1", "rf1", 100, 1000, 0.5, 812.5));
    roundTrips(new Trainer.CheckpointSaved("run-1", "rf1", 20, "ck-0123456789abcdef", "ab".repeat(32), 0.25));
    roundTrips(new Trainer.StageCompleted("run-1", "rf1", "ck-0123456789abcdef", 60));
    roundTrips(new Trainer.StageFailed("run-1", "rf1", "disk full writing checkpoint"));
  }

  @Test
  void theWireFormsOfModelAndTrainingSettingsGiveBackTheEnginesRecords() {
    for (ModelSpec spec : List.of(ModelSpec.paperToy(2),
        new ModelSpec(10, List.of(32, 32, 32), Activation.SILU, new TimeEncoding.Sinusoidal(8, 500)))) {
      assertEquals(spec, ModelSpecFields.of(spec).toSpec());
    }
    for (TrainingConfig config : List.of(TrainingConfig.paperToy(1000),
        new TrainingConfig(5, 32, new AdamConfig(1e-3, 0.8, 0.99, 1e-6), new Loss.PseudoHuber(0.003),
            new TimeSampling.UShaped(4), 1.5, 0.999),
        TrainingConfig.paperToy(10).withTimeSampling(new TimeSampling.Grid(1)))) {
      assertEquals(config, TrainingConfigFields.of(config).toConfig());
    }
  }

  @Test
  void theTestSystemDeliversEveryMessageAsACopyMadeByJacksonCbor() {
    // what the work tests rely on: a message sent in their system arrives serialized and read back, not shared
    TestProbe<PairBatch> probe = TESTKIT.createTestProbe();
    PairBatch sent = new PairBatch(4, 1, 2, new float[] {1, 2}, new float[] {3, 4});
    probe.getRef().tell(sent);
    PairBatch received = probe.receiveMessage();
    assertEquals(sent, received);
    assertNotSame(sent, received, "the message crossed no serializer: actors in these tests could share state");
    var serializer = SerializationExtension.get(TESTKIT.system()).findSerializerFor(Trainer.PairsAck.INSTANCE);
    assertTrue(serializer instanceof JacksonCborSerializer, serializer.getClass().getName());
  }

  private static SourceRef<PairBatchPart> sourceRef() {
    return Source.<PairBatchPart>empty().runWith(StreamRefs.sourceRef(), TESTKIT.system());
  }

  private static void roundTrips(Object message) {
    SERIALIZATION.verifySerialization(message, true);
  }
}
