package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Data files in the run's history: the submission records their SHA-256; a resume that accepts a
 * changed file records {@link Event.DataChangeAccepted} before its {@link Event.ExperimentResumed},
 * and the run reads the accepted hash from then on, after a restart too; a submission journalled
 * before data files were hashed reads back with none.
 */
class DataChangeAcceptedTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.parseString(
          "pekko.actor.serialization-bindings { \"org.reflow.experiment.CborSerializable\" = jackson-cbor }")
      .withFallback(EventSourcedBehaviorTestKit.config()));

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void aResumeAcceptingAChangedFileRecordsTheChangeFirstAndTheRunReadsTheNewHashFromThenOn() {
    EventSourcedBehaviorTestKit<Experiment.Command, Event, RunState> kit =
        EventSourcedBehaviorTestKit.create(TESTKIT.system(), Experiment.create("run-data"));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.Submit("x", "experiment: x\n", "abc", 0, Instant.EPOCH, "host",
        Map.of("rf1", List.of()), "/exp", Map.of("/exp/x0.npy", "aa", "/exp/x1.npy", "bb"), Map.of(), r));
    kit.<StatusReply<Integer>>runCommand(r -> new Experiment.StartStage("rf1", r));
    kit.<StatusReply<Done>>runCommand(r -> new Experiment.FailStage("rf1", "diverged", r));

    var change = new Event.DataChangeAccepted("/exp/x0.npy", "aa", "cc", Instant.EPOCH);
    var resumed = kit.<StatusReply<Event.ExperimentResumed>>runCommand(r -> new Experiment.Resume(Instant.EPOCH, "host",
        Map.of("rf1", 0L), Map.of(), List.of(change), r));
    assertTrue(resumed.reply().isSuccess());
    assertEquals(change, resumed.events().get(0));
    assertInstanceOf(Event.ExperimentResumed.class, resumed.events().get(1));
    Map<String, String> expected = Map.of("/exp/x0.npy", "cc", "/exp/x1.npy", "bb");
    assertEquals(expected, resumed.stateOfType(RunState.Active.class).run().dataSha256());
    assertEquals(expected, ((RunState.Active) kit.restart().state()).run().dataSha256(), "replayed from the journal");
  }

  @Test
  void aSubmissionJournalledBeforeDataFilesWereHashedReadsBackWithNone() throws Exception {
    Serialization serialization = SerializationExtension.get(TESTKIT.system());
    var submitted = new Event.ExperimentSubmitted("run-old", "x", "experiment: x\n", "abc", 1, Instant.EPOCH, "host",
        Map.of("rf1", List.of()), "/exp", Map.of("/exp/x0.npy", "aa"), null);
    var serializer = serialization.findSerializerFor(submitted);
    String manifest = Serializers.manifestFor(serializer, submitted);
    byte[] bytes = serialization.serialize(submitted).get();

    ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    ObjectNode tree = (ObjectNode) cbor.readTree(bytes);
    assertTrue(tree.has("dataSha256"), tree.toString());
    tree.remove("dataSha256"); // as written by the version before it
    byte[] old = cbor.writeValueAsBytes(tree);

    var read = (Event.ExperimentSubmitted) serialization.deserialize(old, serializer.identifier(), manifest).get();
    assertEquals(Map.of(), read.dataSha256());
    assertEquals(submitted.specDirectory(), read.specDirectory());
    assertEquals(Map.of(), RunInfo.of(read).dataSha256());
  }
}
