package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The times a run records (the process start on its submission, the Trainer's times on each
 * checkpoint, each evaluation's seconds) survive the journal's serialization, and events journalled
 * before they existed read back without them.
 */
class TimedEventsTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.parseString(
          "pekko.actor.serialization-bindings { \"org.reflow.experiment.CborSerializable\" = jackson-cbor }")
      .withFallback(EventSourcedBehaviorTestKit.config()));

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  private static final Event.ExperimentSubmitted SUBMITTED = new Event.ExperimentSubmitted("run-1", "x", "experiment: x\n",
      "abc", 1, Instant.ofEpochSecond(100), "host", Map.of("rf1", List.of()), "/exp", Map.of(),
      Map.of(), Optional.of(Instant.ofEpochSecond(97)));
  private static final Event.CheckpointSaved CHECKPOINT = new Event.CheckpointSaved("ck-0123456789abcdef", "rf1", 500,
      "ab".repeat(32), Optional.empty(), Optional.empty(), 0.5, List.of(0.5),
      Optional.of(new Event.TrainingTimes(500, 1.25, 0.01, 0.02, 0.003, 1.4)));
  private static final Event.MetricsRecorded METRICS = new Event.MetricsRecorded("ck-0123456789abcdef", "rf1", 500,
      "euler:1", Map.of("w2", 1.5), Optional.of(0.75));

  @Test
  void timesRoundTripThroughTheJournalsSerializer() {
    for (Event event : List.of(SUBMITTED, CHECKPOINT, METRICS)) {
      assertEquals(event, read(bytes(event), event), event.getClass().getSimpleName());
    }
    assertEquals(Optional.of(Instant.ofEpochSecond(97)), ((Event.ExperimentSubmitted) read(bytes(SUBMITTED), SUBMITTED))
        .processStartedAt());
    assertEquals(1.25, ((Event.CheckpointSaved) read(bytes(CHECKPOINT), CHECKPOINT)).times().orElseThrow().steps());
    assertEquals(Optional.of(0.75), ((Event.MetricsRecorded) read(bytes(METRICS), METRICS)).seconds());
  }

  @Test
  void eventsJournalledBeforeTimesWereRecordedReadBackWithout() throws Exception {
    assertEquals(Optional.empty(), ((Event.ExperimentSubmitted) withoutField(SUBMITTED, "processStartedAt")).processStartedAt());
    Event.CheckpointSaved checkpoint = (Event.CheckpointSaved) withoutField(CHECKPOINT, "times");
    assertEquals(Optional.empty(), checkpoint.times());
    assertEquals(CHECKPOINT.losses(), checkpoint.losses());
    assertEquals(Optional.empty(), ((Event.MetricsRecorded) withoutField(METRICS, "seconds")).seconds());
  }

  private static Event withoutField(Event event, String field) throws Exception {
    ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    ObjectNode tree = (ObjectNode) cbor.readTree(bytes(event));
    assertTrue(tree.has(field), tree.toString());
    tree.remove(field); // as written by the version before it
    return read(cbor.writeValueAsBytes(tree), event);
  }

  private static byte[] bytes(Event event) {
    return SerializationExtension.get(TESTKIT.system()).serialize(event).get();
  }

  private static Event read(byte[] bytes, Event like) {
    Serialization serialization = SerializationExtension.get(TESTKIT.system());
    var serializer = serialization.findSerializerFor(like);
    return (Event) serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, like)).get();
  }
}
