package org.reflow.lineage;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Lineage in Graphviz DOT: one box per distinct node, one edge per use, drawn the way data flows
 * (from an input to what used it; from a node to what was derived from it). "dot -Tsvg" draws it.
 */
public final class LineageDot {

  private LineageDot() {}

  public static String graph(LineageNode root) {
    Set<String> nodes = new LinkedHashSet<>();
    Set<String> edges = new LinkedHashSet<>();
    visit(root, nodes, edges);
    StringBuilder out = new StringBuilder("digraph lineage {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n");
    nodes.forEach(n -> out.append("  ").append(n).append('\n'));
    edges.forEach(e -> out.append("  ").append(e).append('\n'));
    return out.append("}\n").toString();
  }

  private static void visit(LineageNode n, Set<String> nodes, Set<String> edges) {
    String key = key(n);
    nodes.add(key + " [label=" + quote(n.kind() + "\n" + n.id() + label(n)) + "];");
    for (LineageNode input : n.inputs()) {
      edges.add(key(input) + " -> " + key + label(input.role()) + ";");
      visit(input, nodes, edges);
    }
    for (LineageNode output : n.outputs()) {
      edges.add(key + " -> " + key(output) + label(output.role()) + ";");
      visit(output, nodes, edges);
    }
  }

  private static String label(String role) {
    return role.isEmpty() ? "" : " [label=" + quote(role) + "]";
  }

  private static String label(LineageNode n) {
    StringBuilder s = new StringBuilder();
    for (String fact : new String[] {"run", "stage", "step", "loss", "kind", "attempts", "solver", "pairs", "experiment", "testAccuracy"}) {
      Object v = n.facts().get(fact);
      if (v != null) {
        s.append('\n').append(fact).append(' ').append(v instanceof Double d ? String.format("%.4g", d) : v);
      }
    }
    return s.toString();
  }

  private static String key(LineageNode n) {
    return quote(n.kind() + ":" + n.id());
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
