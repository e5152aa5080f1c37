package org.reflow.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;

/** A real Experiment with one stage, for the worker tests: submitted, optionally started, queried. */
final class TestRuns {

  private TestRuns() {}

  /** A run with the one stage {@code stage}, started when {@code start}. */
  static ActorRef<Experiment.Command> submit(ActorTestKit kit, String runId, String stage, long seed, boolean start) {
    ActorRef<Experiment.Command> experiment = kit.spawn(Experiment.create(runId));
    TestProbe<StatusReply<Done>> ack = kit.createTestProbe();
    experiment.tell(new Experiment.Submit("toy", "experiment: toy\n", "abc", seed, Instant.parse("2026-11-29T07:00:00Z"),
        "host", Map.of(stage, List.of()), "/tmp", Map.of(), Map.of(), ack.getRef()));
    assertTrue(ack.receiveMessage().isSuccess());
    if (start) {
      TestProbe<StatusReply<Integer>> attempt = kit.createTestProbe();
      experiment.tell(new Experiment.StartStage(stage, attempt.getRef()));
      assertEquals(1, attempt.receiveMessage().getValue());
    }
    return experiment;
  }

  static RunState state(ActorTestKit kit, ActorRef<Experiment.Command> experiment) {
    TestProbe<RunState> state = kit.createTestProbe();
    experiment.tell(new Experiment.GetRun(state.getRef()));
    return state.receiveMessage();
  }
}
