package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reflow.lineage.LineageNode;

class LineageGraphTest {

  // data → rf1 stage → ck1; ck1 is both rf2's warm start and its coupling's teacher; rf2 → ck2; the spec specifies both roots
  private static final LineageNode DATA = node("data", "π0 × π1", "pairs");
  private static final LineageNode SPEC = node("spec", "f".repeat(64), "specified by");

  private static LineageNode ck1(String role) {
    return node("checkpoint", "ck-1", role, node("stage", "run/rf1", "trained by", DATA));
  }

  private static final LineageNode ROOT1 = node("checkpoint", "ck-1", "", node("stage", "run/rf1", "trained by", DATA), SPEC);
  private static final LineageNode ROOT2 = node("checkpoint", "ck-2", "",
      node("stage", "run/rf2", "trained by", ck1("warm start"), node("coupling", "cp-run7-rf2", "pairs", ck1("teacher"))), SPEC);

  @Test
  void aNodeReachedManyTimesIsDrawnOnceWithAnEdgePerUseAndTheSpecIsLeftToTheHeader() {
    LineageGraph g = LineageGraph.of(List.of(ROOT1, ROOT2));
    assertEquals(List.of("data:π0 × π1", "stage:run/rf1", "checkpoint:ck-1", "coupling:cp-run7-rf2",
        "stage:run/rf2", "checkpoint:ck-2"), g.nodes().stream().map(LineageGraph.Node::key).toList());
    assertEquals(6, g.edges().size(), g.edges().toString());
    assertTrue(g.edges().contains(new LineageGraph.Edge("checkpoint:ck-1", "stage:run/rf2", "warm start")));
    assertTrue(g.edges().contains(new LineageGraph.Edge("checkpoint:ck-1", "coupling:cp-run7-rf2", "teacher")));
  }

  @Test
  void everyNodeSitsOneLayerBelowItsDeepestInputSoEdgesPointDown() {
    LineageGraph g = LineageGraph.of(List.of(ROOT2, ROOT1));
    Map<String, Integer> expected = Map.of("data:π0 × π1", 0, "stage:run/rf1", 1,
        "checkpoint:ck-1", 2, "coupling:cp-run7-rf2", 3, "stage:run/rf2", 4, "checkpoint:ck-2", 5);
    g.nodes().forEach(n -> assertEquals(expected.get(n.key()), n.layer(), n.key()));
    for (LineageGraph.Edge e : g.edges()) {
      assertTrue(g.node(e.from()).layer() < g.node(e.to()).layer(), e.toString());
    }
    Set<String> places = new HashSet<>();
    g.nodes().forEach(n -> assertTrue(places.add(n.layer() + "," + n.position()), "two nodes at " + n));
    assertEquals(6, g.layers());
    assertEquals(1, g.width());
    LineageGraph branches = LineageGraph.of(List.of(ROOT2, node("checkpoint", "ck-3", "", node("stage", "run/rf3", "trained by", DATA))));
    assertEquals(2, branches.width(), "rf1 and rf3 side by side");
  }

  @Test
  void theSvgHasABoxPerNodeAnArrowPerEdgeAndEscapesTheText() {
    LineageNode hostile = node("checkpoint", "ck-<script>alert(1)</script>", "", DATA);
    String svg = LineageSvg.render(LineageGraph.of(List.of(ROOT1, ROOT2, hostile)), "run7");
    assertEquals(7, count(svg, "<rect "));
    assertEquals(7, count(svg, "marker-end=\"url(#arrow)\""));
    assertFalse(svg.contains("<script>"), svg);
    assertTrue(svg.contains("ck-&lt;script&gt;"), svg);
    assertTrue(svg.contains("coupling cp-…-rf2"), "the run's id is the page's subject: a coupling shows its stage");
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  private static LineageNode node(String kind, String id, String role, LineageNode... inputs) {
    return LineageNode.upstream(kind, id, role, Map.of(), List.of(inputs));
  }
}
