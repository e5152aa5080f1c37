package org.reflow.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reflow.lineage.LineageNode;

/**
 * A run's lineage as one drawable graph: the upstream lineages of its stages' checkpoints merged,
 * each node once however many times it is reached, without the spec (one run has one spec, which
 * specifies every node: the page's header shows it), laid out in layers — a node one layer below
 * the deepest of its inputs, so every edge points down the page from what was used to what used
 * it.
 */
public record LineageGraph(List<Node> nodes, List<Edge> edges) {

  /** A node at (layer, position within the layer), with its kind, id and a few facts to show. */
  public record Node(String key, String kind, String id, List<String> facts, int layer, int position) {}

  /** {@code from} was used by {@code to} as {@code role} ("teacher", "pairs", …). */
  public record Edge(String from, String to, String role) {}

  /** Facts shown under a node's id, when it has them. */
  private static final List<String> SHOWN_FACTS = List.of("kind", "step", "loss", "pairs", "solver", "experiment", "coupling");

  /** Merges the lineages rooted at {@code roots}. */
  public static LineageGraph of(List<LineageNode> roots) {
    Map<String, LineageNode> byKey = new LinkedHashMap<>();
    Set<Edge> edges = new LinkedHashSet<>();
    roots.forEach(root -> collect(root, byKey, edges));
    Map<String, Integer> layers = new LinkedHashMap<>();
    byKey.keySet().forEach(key -> layer(key, edges, layers));
    Map<Integer, Integer> filled = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    // sources first, so positions within a layer follow the order the lineages reach them
    byKey.keySet().stream().sorted((a, b) -> Integer.compare(layers.get(a), layers.get(b))).forEach(key -> {
      LineageNode n = byKey.get(key);
      int layer = layers.get(key);
      int position = filled.merge(layer, 1, Integer::sum) - 1;
      nodes.add(new Node(key, n.kind(), n.id(), facts(n), layer, position));
    });
    return new LineageGraph(List.copyOf(nodes), List.copyOf(edges));
  }

  /** Layers in the graph (the deepest layer + 1). */
  public int layers() {
    return nodes.stream().mapToInt(Node::layer).max().orElse(-1) + 1;
  }

  /** The widest layer's node count. */
  public int width() {
    return nodes.stream().mapToInt(Node::position).max().orElse(-1) + 1;
  }

  public Node node(String key) {
    return nodes.stream().filter(n -> n.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + key + " in the lineage graph"));
  }

  static String key(LineageNode n) {
    return n.kind() + ":" + n.id();
  }

  private static void collect(LineageNode n, Map<String, LineageNode> byKey, Set<Edge> edges) {
    if (n.kind().equals("spec")) {
      return;
    }
    String key = key(n);
    byKey.putIfAbsent(key, n);
    for (LineageNode input : n.inputs()) {
      if (input.kind().equals("spec")) {
        continue;
      }
      edges.add(new Edge(key(input), key, input.role()));
      collect(input, byKey, edges);
    }
  }

  private static int layer(String key, Set<Edge> edges, Map<String, Integer> layers) {
    Integer known = layers.get(key);
    if (known != null) {
      return known;
    }
    int layer = 0;
    for (Edge e : edges) {
      if (e.to().equals(key)) {
        layer = Math.max(layer, layer(e.from(), edges, layers) + 1);
      }
    }
    layers.put(key, layer);
    return layer;
  }

  private static List<String> facts(LineageNode n) {
    List<String> out = new ArrayList<>();
    for (String fact : SHOWN_FACTS) {
      Object v = n.facts().get(fact);
      if (v != null) {
        out.add(fact + " " + (v instanceof Double d ? String.format("%.4g", d) : v));
      }
    }
    return out;
  }
}
