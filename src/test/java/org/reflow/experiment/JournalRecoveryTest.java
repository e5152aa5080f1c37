package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest {

  @TempDir Path home;

  @Test
  void anActorStoppedWithItsSystemRecoversItsStateFromTheJournalInANewSystemOnTheSameHome() {
    try (ReflowSystem<Void> first = TestSystems.start(home)) {
      ActorTestKit kit = ActorTestKit.create(first.actorSystem());
      ActorRef<Notebook.Command> notebook = kit.spawn(Notebook.create("n1"));
      TestSystems.write(kit, notebook, "rf1 started", "rf1 checkpoint 1000", "rf1 completed");
      kit.stop(notebook);
    }

    try (ReflowSystem<Void> second = TestSystems.start(home)) {
      ActorTestKit kit = ActorTestKit.create(second.actorSystem());
      ActorRef<Notebook.Command> notebook = kit.spawn(Notebook.create("n1"));
      TestProbe<Notebook.State> reader = kit.createTestProbe();
      notebook.tell(new Notebook.Read(reader.ref()));
      assertEquals(List.of("rf1 started", "rf1 checkpoint 1000", "rf1 completed"), reader.receiveMessage(Duration.ofSeconds(30)).notes());

      TestSystems.write(kit, notebook, "rf2 started");
      notebook.tell(new Notebook.Read(reader.ref()));
      assertEquals(4, reader.receiveMessage(Duration.ofSeconds(30)).notes().size(), "recovered state goes on from the last event");
    }
  }
}
