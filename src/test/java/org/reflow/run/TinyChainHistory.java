package org.reflow.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.reflow.experiment.Event;

/** The start of a hand-built history of tiny-chain (rf1 → rf2 → rf2-distilled), for tests of resuming. */
final class TinyChainHistory {

  private TinyChainHistory() {}

  /**
   * Submitted, rf1 completed with checkpoints at steps 30 and 60 ({@code rf1} makes them), rf2
   * started: the events a test appends to.
   */
  static List<Event> rf1CompletedRf2Started(LongFunction<Event.CheckpointSaved> rf1) {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("rf1", List.of());
    inputs.put("rf2", List.of("rf1"));
    inputs.put("rf2-distilled", List.of("rf2"));
    List<Event> events = new ArrayList<>();
    events.add(new Event.ExperimentSubmitted("run-1", "tiny-chain", "", "spec", 5, Instant.EPOCH, "host", inputs, "/tmp", Map.of(), Map.of()));
    events.add(new Event.StageStarted("rf1", 1));
    events.add(rf1.apply(30));
    Event.CheckpointSaved last = rf1.apply(60);
    events.add(last);
    events.add(new Event.StageCompleted("rf1", last.checkpointId()));
    events.add(new Event.StageStarted("rf2", 1));
    return events;
  }
}
