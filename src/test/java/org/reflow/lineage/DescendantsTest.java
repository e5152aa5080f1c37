package org.reflow.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What was derived from a checkpoint or coupling, within a run and across runs. */
class DescendantsTest {

  private final Runs both = Runs.of(Histories.chain(), Histories.sequel());

  @Test
  void aBranchingTeacherLeadsToEveryReflowAndDistillationTrainedOnItsCouplingsAndToItsWarmStarts() {
    LineageNode rf2 = Descendants.of(both, "ck-rf2-2").orElseThrow();
    assertEquals("ck-rf2-2", rf2.id());
    assertEquals(List.of("teacher of", "teacher of", "warm start of", "warm start of"),
        rf2.outputs().stream().map(LineageNode::role).toList());
    assertEquals(List.of("cp-rf3", "cp-rf2-distilled", "run-1/rf2-distilled", "run-2/rf2"),
        rf2.outputs().stream().map(LineageNode::id).toList());
    LineageNode distilled = LineageTest.path(rf2, 1, 0);
    assertEquals("pairs of", distilled.role());
    assertEquals("distill", distilled.facts().get("kind"));
    assertEquals(List.of("ck-rf2-distilled-1"), distilled.outputs().stream().map(LineageNode::id).toList());
    assertEquals("ck-rf2-distilled-2", LineageTest.path(distilled, 0, 0).id(), "continued by its next checkpoint");
  }

  @Test
  void anEarlyCheckpointLeadsThroughItsContinuationToEverythingBuiltOnTheFinalOneInEveryRun() {
    LineageNode rf1 = Descendants.of(both, "ck-rf1-1").orElseThrow();
    assertEquals(List.of("run-1", "run-2"), rf1.facts().get("savedInRuns"), "identical training, identical ids");
    String tree = LineageText.tree(rf1);
    for (String derived : List.of("ck-rf2-2", "ck-rf3-2", "ck-rf2-distilled-2", "ck-sequel-1", "stage run-2/rf2")) {
      assertTrue(tree.contains(derived), derived + " in\n" + tree);
    }
    String dot = LineageDot.graph(rf1);
    assertTrue(dot.contains("\"checkpoint:ck-rf1-1\" -> \"checkpoint:ck-rf1-2\" [label=\"continued by\"];"), dot);
  }

  @Test
  void aCouplingLeadsToTheStageTrainedOnIt() {
    LineageNode coupling = Descendants.of(both, "cp-rf3").orElseThrow();
    assertEquals(List.of("run-1/rf3"), coupling.outputs().stream().map(LineageNode::id).toList());
    assertTrue(Descendants.of(both, "ck-nope").isEmpty());
  }
}
