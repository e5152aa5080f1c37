package org.reflow.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;

/** Lineage on a hand-built journal: a chain 1-RF → 2-RF → 3-RF with a distillation branch of 2-RF. */
class LineageTest {

  private static final String SPEC = """
      experiment: chain
      seed: 4
      data: {source: {toy: three-gaussians-source, pool: 100}, target: three-gaussians-target}
      defaults: {train: {steps: 10}}
      stages:
        rf1: {kind: rectify}
        rf2: {kind: reflow, teacher: rf1, init: rf1}
        rf3: {kind: reflow, teacher: rf2}
        rf2-distilled: {kind: distill, teacher: rf2, init: rf2}
      """;

  private final List<Event> events = new ArrayList<>();

  LineageTest() {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("rf1", List.of());
    inputs.put("rf2", List.of("rf1"));
    inputs.put("rf3", List.of("rf2"));
    inputs.put("rf2-distilled", List.of("rf2"));
    events.add(new Event.ExperimentSubmitted("run-1", "chain", SPEC, "spec-sha", 4, Instant.EPOCH, "host", inputs, "/tmp"));
    train("rf1", Optional.empty(), Optional.empty());
    train("rf2", Optional.of("rf1"), Optional.of("rf1"));
    train("rf3", Optional.of("rf2"), Optional.empty());
    train("rf2-distilled", Optional.of("rf2"), Optional.of("rf2"));
    events.add(new Event.ExperimentCompleted(Instant.EPOCH));
  }

  @Test
  void aDistilledCheckpointLeadsBackThroughItsTeachersCouplingsToTheDataAndTheSpec() {
    LineageNode root = Lineage.upstream(RunHistory.of(events), "ck-rf2-distilled-2");
    assertEquals("checkpoint", root.kind());
    assertEquals(2L, root.facts().get("step"));
    LineageNode stage = root.inputs().get(0);
    assertEquals("distill", stage.facts().get("kind"));
    assertEquals(List.of("warm start", "pairs"), stage.inputs().stream().map(LineageNode::role).toList());
    assertEquals("ck-rf2-2", stage.inputs().get(0).id(), "warm-started from rf2's final checkpoint");
    LineageNode coupling = stage.inputs().get(1);
    assertEquals("cp-rf2-distilled", coupling.id());
    assertEquals("euler:100", coupling.facts().get("solver"));
    assertEquals(List.of("shard-rf2-distilled"), coupling.facts().get("shardSha256s"));
    LineageNode teacher = coupling.inputs().get(0);
    assertEquals("ck-rf2-2", teacher.id());
    LineageNode rf1Data = path(teacher, 0, 1, 0, 0, 0);
    assertEquals("data", rf1Data.kind(), "rf2's teacher rf1 trained on π0 × π1");
    assertEquals("{toy=three-gaussians-source, pool=100}", rf1Data.facts().get("source"));
    assertEquals("spec-sha", root.inputs().get(1).id());
  }

  @Test
  void aStageWithoutInitHasNoWarmStartAndAnEarlierCheckpointIsReachable() {
    LineageNode rf3 = Lineage.upstream(RunHistory.of(events), "ck-rf3-1");
    assertEquals(List.of("pairs"), rf3.inputs().get(0).inputs().stream().map(LineageNode::role).toList());
    assertEquals(1L, rf3.facts().get("step"));
    assertTrue(LineageText.tree(rf3).contains("teacher: checkpoint ck-rf2-2"));
  }

  @Test
  void theDotGraphHasEachCheckpointOnceAndAnEdgePerUse() {
    String dot = LineageDot.graph(Lineage.upstream(RunHistory.of(events), "ck-rf2-distilled-2"));
    assertEquals(1, count(dot, "\n  \"checkpoint:ck-rf1-2\" [label="), "a node reached twice is drawn once");
    assertTrue(dot.contains("\"checkpoint:ck-rf2-2\" -> \"coupling:cp-rf2-distilled\" [label=\"teacher\"];"), dot);
    assertTrue(dot.contains("\"checkpoint:ck-rf2-2\" -> \"stage:run-1/rf2-distilled\" [label=\"warm start\"];"), dot);
    assertTrue(dot.startsWith("digraph lineage {") && dot.strip().endsWith("}"));
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void anUnknownCheckpointIsRefusedNamingTheRun() {
    var e = assertThrows(IllegalArgumentException.class, () -> Lineage.upstream(RunHistory.of(events), "ck-nope"));
    assertEquals("no checkpoint 'ck-nope' in run run-1", e.getMessage());
  }

  private static LineageNode path(LineageNode from, int... inputs) {
    LineageNode n = from;
    for (int i : inputs) {
      n = n.inputs().get(i);
    }
    return n;
  }

  /** Start, two checkpoints (the first warm-started from init's final one), coupling when taught, completion. */
  private void train(String stage, Optional<String> teacher, Optional<String> init) {
    events.add(new Event.StageStarted(stage, 1));
    teacher.ifPresent(t -> events.add(new Event.CouplingMaterialized("cp-" + stage, stage, "ck-" + t + "-2", "euler:100",
        1000, 4, List.of("shard-" + stage))));
    events.add(new Event.CheckpointSaved("ck-" + stage + "-1", stage, 1, "sha-" + stage + "-1",
        init.map(i -> "ck-" + i + "-2"), Optional.empty(), 1.0, List.of(1.0)));
    events.add(new Event.CheckpointSaved("ck-" + stage + "-2", stage, 2, "sha-" + stage + "-2",
        Optional.of("ck-" + stage + "-1"), Optional.empty(), 0.5, List.of(0.5)));
    events.add(new Event.MetricsRecorded("ck-" + stage + "-2", stage, 2, "euler:1", Map.of("w2", 1.0)));
    events.add(new Event.StageCompleted(stage, "ck-" + stage + "-2"));
  }
}
