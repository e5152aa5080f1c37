package org.reflow.experiment;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;

/** What the persistence tests share: a system on a home, writing notes, reading them back. */
final class TestSystems {

  private TestSystems() {}

  /** A reflow system on {@code home} that serializes every message as if it crossed nodes. */
  static ReflowSystem<Void> start(Path home) {
    return ReflowSystem.start(Behaviors.empty(), ConfigFactory.parseMap(Map.of(
        "reflow.home", home.toString(),
        "pekko.actor.serialize-messages", "on")));
  }

  /** Writes each note to the notebook and waits until the journal has it. */
  static void write(ActorTestKit kit, ActorRef<Notebook.Command> notebook, String... notes) {
    TestProbe<StatusReply<Done>> acks = kit.createTestProbe();
    for (String note : notes) {
      notebook.tell(new Notebook.Write(note, acks.ref()));
      if (!acks.receiveMessage(Duration.ofSeconds(30)).isSuccess()) {
        throw new AssertionError("writing " + note + " failed");
      }
    }
  }

  /** The events journalled under a persistence id, as read by Persistence Query. */
  static List<EventEnvelope> journalled(ReflowSystem<?> system, String persistenceId) throws Exception {
    return system.readJournal().currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
        .runWith(Sink.seq(), system.actorSystem())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The notes of {@link #journalled}. */
  static List<String> journalledNotes(ReflowSystem<?> system, String persistenceId) throws Exception {
    return journalled(system, persistenceId).stream()
        .map(envelope -> ((Notebook.Written) envelope.event()).note())
        .toList();
  }
}
