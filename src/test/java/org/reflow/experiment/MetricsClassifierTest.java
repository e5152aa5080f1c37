package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
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
 * The feature classifier an image evaluation records with its metrics survives the journal's
 * serialization, and metrics journalled before it was recorded read back without one.
 */
class MetricsClassifierTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.parseString(
          "pekko.actor.serialization-bindings { \"org.reflow.experiment.CborSerializable\" = jackson-cbor }")
      .withFallback(EventSourcedBehaviorTestKit.config()));

  private static final Event.Classifier CLASSIFIER = new Event.Classifier("fc-0123456789abcdef", "01".repeat(32),
      "cd".repeat(32), Map.of("architecture", "mlp 784-256-128-10 relu softmax", "split", "train", "seed", "0"),
      Map.of("train-images-idx3-ubyte.gz", "ef".repeat(32)), 0.867, 0.43, 183.5);
  private static final Event.MetricsRecorded METRICS = new Event.MetricsRecorded("ck-0123456789abcdef", "rf1", 500,
      "euler:1", Map.of("fd", 12.5), Optional.of(0.75), Optional.of(CLASSIFIER));

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void theClassifierRoundTripsThroughTheJournalsSerializer() {
    Event.MetricsRecorded read = (Event.MetricsRecorded) read(bytes(METRICS));
    assertEquals(METRICS, read);
    assertEquals(0.867, read.classifier().orElseThrow().testAccuracy());
    assertEquals("train", read.classifier().orElseThrow().recipe().get("split"));
  }

  @Test
  void metricsJournalledBeforeClassifiersWereRecordedReadBackWithout() throws Exception {
    ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    ObjectNode tree = (ObjectNode) cbor.readTree(bytes(METRICS));
    assertTrue(tree.has("classifier"), tree.toString());
    tree.remove("classifier"); // as written by the version before it
    Event.MetricsRecorded old = (Event.MetricsRecorded) read(cbor.writeValueAsBytes(tree));
    assertEquals(Optional.empty(), old.classifier());
    assertEquals(METRICS.values(), old.values());
  }

  private static byte[] bytes(Event event) {
    return SerializationExtension.get(TESTKIT.system()).serialize(event).get();
  }

  private static Event read(byte[] bytes) {
    Serialization serialization = SerializationExtension.get(TESTKIT.system());
    var serializer = serialization.findSerializerFor(METRICS);
    return (Event) serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, METRICS)).get();
  }
}
