package org.reflow.lineage;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lineage as an indented tree for a terminal, upstream or descendants alike. The lineage is a DAG
 * (a teacher is often also the warm start): a node met again is printed once more, marked, without
 * the nodes below it.
 */
public final class LineageText {

  private LineageText() {}

  public static String tree(LineageNode root) {
    StringBuilder out = new StringBuilder();
    out.append(line(root)).append('\n');
    appendLinks(out, root.links(), "", new HashSet<>());
    return out.toString();
  }

  private static void appendLinks(StringBuilder out, List<LineageNode> links, String indent, Set<String> shown) {
    for (int i = 0; i < links.size(); i++) {
      boolean last = i == links.size() - 1;
      LineageNode n = links.get(i);
      boolean again = !n.links().isEmpty() && !shown.add(n.kind() + " " + n.id());
      out.append(indent).append(last ? "└─ " : "├─ ").append(n.role().isEmpty() ? "" : n.role() + ": ")
          .append(again ? n.kind() + " " + n.id() + " (as above)" : line(n)).append('\n');
      if (!again) {
        appendLinks(out, n.links(), indent + (last ? "   " : "│  "), shown);
      }
    }
  }

  private static String line(LineageNode n) {
    String facts = n.facts().entrySet().stream()
        .filter(e -> !e.getKey().equals("metrics") && !e.getKey().equals("shardSha256s"))
        .map(e -> e.getKey() + " " + format(e.getValue()))
        .collect(Collectors.joining(", "));
    StringBuilder s = new StringBuilder(n.kind()).append(' ').append(n.id());
    if (!facts.isEmpty()) {
      s.append(" (").append(facts).append(')');
    }
    if (n.facts().get("metrics") instanceof Map<?, ?> metrics) {
      metrics.forEach((solver, values) -> {
        if (values instanceof Map<?, ?> v && v.get("w2") instanceof Number w2) {
          s.append(String.format(" W2[%s]=%.4g", solver, w2.doubleValue()));
        } else if (values instanceof Map<?, ?> v && v.get("fd") instanceof Number fd) { // images: the classifier's FD
          s.append(String.format(" FD[%s]=%.4g", solver, fd.doubleValue()));
        }
      });
    }
    return s.toString();
  }

  private static String format(Object v) {
    if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
      return list.stream().map(LineageText::format).collect(Collectors.joining(list.get(0) instanceof Map<?, ?> m
          && m.containsKey("checkpoint") ? " → " : "; ", "[", "]"));
    }
    if (v instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> e.getKey() + " " + format(e.getValue())).collect(Collectors.joining(" "));
    }
    if (v instanceof Double d) {
      return String.format("%.4g", d);
    }
    String text = String.valueOf(v);
    return text.matches("[0-9a-f]{64}") ? text.substring(0, 12) + "…" : text;
  }
}
