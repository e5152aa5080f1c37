package org.reflow.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream lineage on hand-built journals ({@link Histories}): chains, a distillation, resumes, couplings, other runs. */
class LineageTest {

  private final Runs chain = Runs.of(Histories.chain());

  @Test
  void aDistilledCheckpointLeadsBackThroughItsTeachersCouplingsToTheDataAndTheSpec() {
    LineageNode root = Lineage.upstream(chain, "run-1", "ck-rf2-distilled-2");
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
  void lineageReadsTheRecordedSpecWithoutItsDataFilesSoItAnswersAfterTheyMoved() {
    LineageNode stage = Lineage.upstream(Runs.of(Histories.dataFilesGone()), "run-f", "ck-rf1-2").inputs().get(0);
    assertEquals("rectify", stage.facts().get("kind"));
    LineageNode data = stage.inputs().get(0);
    assertEquals("minibatch-ot", data.facts().get("coupling"));
    assertEquals("{npy=data/disc.npy}", data.facts().get("source"));
    assertEquals("{npy=data/ring.npy}", data.facts().get("target"));
  }

  @Test
  void aThreeStageChainReachesEachTeacherInTurnAndAStageWithoutInitHasNoWarmStart() {
    LineageNode rf3 = Lineage.upstream(chain, "run-1", "ck-rf3-2");
    LineageNode rf3Stage = rf3.inputs().get(0);
    assertEquals(List.of("pairs"), rf3Stage.inputs().stream().map(LineageNode::role).toList());
    LineageNode rf2 = path(rf3Stage, 0, 0);
    assertEquals("ck-rf2-2", rf2.id());
    assertEquals("teacher", rf2.role());
    LineageNode rf1 = path(rf2, 0, 1, 0);
    assertEquals("ck-rf1-2", rf1.id());
    assertEquals("rectify", rf1.inputs().get(0).facts().get("kind"));
    assertTrue(LineageText.tree(rf3).contains("teacher: checkpoint ck-rf2-2"));
    assertEquals(List.of("ck-rf3-1", "ck-rf3-2"), chainIds(rf3), "the chain of checkpoints within the stage");
  }

  @Test
  void aRunResumedTwiceShowsTheCheckpointChainAcrossItsAttemptsAndWhichResumptionRestartedItWhere() {
    LineageNode root = Lineage.upstream(Runs.of(Histories.resumedTwice()), "run-r", "ck-r-4");
    assertEquals(3, root.facts().get("attempt"));
    assertEquals(List.of("ck-r-1", "ck-r-2", "ck-r-3", "ck-r-4"), chainIds(root));
    assertEquals(List.of(1, 1, 2, 3), chain(root).stream().map(l -> l.get("attempt")).toList());
    LineageNode stage = root.inputs().get(0);
    assertEquals(3, stage.facts().get("attempts"));
    assertEquals("completed", stage.facts().get("status"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> restarts = (List<Map<String, Object>>) stage.facts().get("restarts");
    assertEquals(2, restarts.size());
    assertEquals(Map.of("attempt", 2, "resumption", 1, "resumedAt", "2026-11-29T08:00:00Z", "fromStep", 2L,
        "fromCheckpoint", "ck-r-2"), restarts.get(0));
    assertEquals(3L, restarts.get(1).get("fromStep"));
    assertEquals("ck-r-3", restarts.get(1).get("fromCheckpoint"));
    assertEquals("ck-rf1-2", stage.inputs().get(0).id(), "rf2's warm start, from before the resumes");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> resumptions = (List<Map<String, Object>>) root.inputs().get(1).facts().get("resumptions");
    assertEquals(List.of(1, 2), resumptions.stream().map(r -> r.get("resumption")).toList());
    assertEquals("stage rf2 failed: disk full", resumptions.get(1).get("previousFailure"));
    String tree = LineageText.tree(root);
    assertTrue(tree.contains("attempt 2 resumption 1 resumedAt 2026-11-29T08:00:00Z fromStep 2 fromCheckpoint ck-r-2"), tree);
  }

  @Test
  void aCouplingIdLeadsToItsTeacherAndTheSpec() {
    LineageNode root = Lineage.upstreamOfCoupling(chain, "cp-rf3");
    assertEquals("coupling", root.kind());
    assertEquals("rf3", root.facts().get("stage"));
    assertEquals(List.of("teacher", "specified by"), root.inputs().stream().map(LineageNode::role).toList());
    assertEquals("ck-rf2-2", root.inputs().get(0).id());
  }

  @Test
  void aWarmStartFromAnotherRunIsFollowedIntoThatRun() {
    LineageNode root = Lineage.upstream(Runs.of(Histories.chain(), Histories.sequel()), "run-2", "ck-sequel-1");
    LineageNode warmStart = root.inputs().get(0).inputs().get(0);
    assertEquals("ck-rf2-2", warmStart.id());
    assertEquals("run-1", warmStart.facts().get("run"));
    assertEquals("stage", warmStart.inputs().get(0).kind());
    assertEquals("run-1/rf2", warmStart.inputs().get(0).id());
    LineageNode alone = Lineage.upstream(Runs.of(Histories.sequel()), "run-2", "ck-sequel-1");
    assertEquals("in no run read", alone.inputs().get(0).inputs().get(0).facts().get("recorded"));
  }

  @Test
  void theDotGraphHasEachCheckpointOnceAndAnEdgePerUse() {
    String dot = LineageDot.graph(Lineage.upstream(chain, "run-1", "ck-rf2-distilled-2"));
    assertEquals(1, count(dot, "\n  \"checkpoint:ck-rf1-2\" [label="), "a node reached twice is drawn once");
    assertTrue(dot.contains("\"checkpoint:ck-rf2-2\" -> \"coupling:cp-rf2-distilled\" [label=\"teacher\"];"), dot);
    assertTrue(dot.contains("\"checkpoint:ck-rf2-2\" -> \"stage:run-1/rf2-distilled\" [label=\"warm start\"];"), dot);
    assertTrue(dot.startsWith("digraph lineage {") && dot.strip().endsWith("}"));
  }

  @Test
  void anUnknownCheckpointIsRefusedNamingTheRun() {
    var e = assertThrows(IllegalArgumentException.class, () -> Lineage.upstream(chain, "run-1", "ck-nope"));
    assertEquals("no checkpoint 'ck-nope' in run run-1", e.getMessage());
  }

  static List<String> chainIds(LineageNode checkpoint) {
    return chain(checkpoint).stream().map(l -> (String) l.get("checkpoint")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> chain(LineageNode checkpoint) {
    return (List<Map<String, Object>>) checkpoint.facts().get("chain");
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  static LineageNode path(LineageNode from, int... links) {
    LineageNode n = from;
    for (int i : links) {
      n = n.links().get(i);
    }
    return n;
  }
}
