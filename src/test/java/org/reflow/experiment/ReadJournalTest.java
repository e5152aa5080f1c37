package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistence Query over the H2 journal. Two systems in one JVM share H2's embedded engine; a
 * second process reaches the file through the server that AUTO_SERVER=TRUE started in the first.
 */
class ReadJournalTest {

  @TempDir Path home;

  @Test
  void currentQueriesReturnEveryPersistenceIdAndItsEventsInOrder() throws Exception {
    try (ReflowSystem<Void> system = TestSystems.start(home)) {
      ActorTestKit kit = ActorTestKit.create(system.actorSystem());
      TestSystems.write(kit, kit.spawn(Notebook.create("a")), "a1", "a2");
      TestSystems.write(kit, kit.spawn(Notebook.create("b")), "b1");

      assertEquals(Set.of("notebook|a", "notebook|b"), Set.copyOf(persistenceIds(system)));
      List<EventEnvelope> a = TestSystems.journalled(system, "notebook|a");
      assertEquals(List.of(new Notebook.Written("a1"), new Notebook.Written("a2")),
          a.stream().map(EventEnvelope::event).toList());
      assertEquals(List.of(1L, 2L), a.stream().map(EventEnvelope::sequenceNr).toList());
    }
  }

  @Test
  void aSecondSystemOnTheSameHomeReadsTheJournalWhileTheFirstIsWriting() throws Exception {
    try (ReflowSystem<Void> writer = TestSystems.start(home)) {
      ActorTestKit kit = ActorTestKit.create(writer.actorSystem());
      ActorRef<Notebook.Command> notebook = kit.spawn(Notebook.create("run"));
      TestSystems.write(kit, notebook, "submitted");

      try (ReflowSystem<Void> reader = TestSystems.start(home)) {
        assertEquals(List.of("notebook|run"), persistenceIds(reader));
        assertEquals(List.of("submitted"), TestSystems.journalledNotes(reader, "notebook|run"));

        TestSystems.write(kit, notebook, "stage rf1 started");
        assertEquals(List.of("submitted", "stage rf1 started"), TestSystems.journalledNotes(reader, "notebook|run"));
      }
    }
  }

  @Test
  void anotherProcessOnTheSameHomeReadsTheJournalWhileThisOneIsWriting() throws Exception {
    try (ReflowSystem<Void> writer = TestSystems.start(home)) {
      ActorTestKit kit = ActorTestKit.create(writer.actorSystem());
      TestSystems.write(kit, kit.spawn(Notebook.create("run")), "submitted", "stage rf1 started");

      try (ChildProcess child = ChildProcess.java(ReadJournalInChildProcess.class, List.of(home.toString(), "notebook|run"),
          false, Map.of())) {
        String out = child.awaitExit(0, Duration.ofSeconds(60));
        assertEquals(List.of("note: submitted", "note: stage rf1 started"),
            out.lines().filter(line -> line.startsWith("note: ")).toList());
      }
    }
  }

  private static List<String> persistenceIds(ReflowSystem<?> system) throws Exception {
    return system.readJournal().currentPersistenceIds()
        .runWith(Sink.seq(), system.actorSystem())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
