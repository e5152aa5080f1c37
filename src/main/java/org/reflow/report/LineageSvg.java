package org.reflow.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link LineageGraph} drawn as inline SVG: one box per node, coloured by kind, in rows by
 * layer, and a labelled arrow per use. Built from the graph's structure, so the report needs
 * no layout tool and no network to show it.
 */
public final class LineageSvg {

  private static final int BOX_WIDTH = 230;
  private static final int LINE_HEIGHT = 14;
  private static final int FACT_LINES = 3;
  private static final int BOX_HEIGHT = 22 + FACT_LINES * LINE_HEIGHT;
  private static final int COLUMN_GAP = 30;
  private static final int ROW_GAP = 46;
  private static final int MARGIN = 12;
  private static final int MAX_LABEL_CHARS = 32;
  private static final Map<String, String> FILL = Map.of(
      "checkpoint", "#dbeafe", "stage", "#fef3c7", "coupling", "#dcfce7", "data", "#f3e8ff", "spec", "#e5e7eb");

  private LineageSvg() {}

  /**
   * The graph as an {@code <svg>} element. Ids that contain {@code runId} show it as "…": the
   * run is the page's subject, and the full ids are in the table and in {@code reflow lineage}.
   */
  public static String render(LineageGraph graph, String runId) {
    int columns = Math.max(1, graph.width());
    int width = 2 * MARGIN + columns * BOX_WIDTH + (columns - 1) * COLUMN_GAP;
    int height = 2 * MARGIN + graph.layers() * BOX_HEIGHT + Math.max(0, graph.layers() - 1) * ROW_GAP;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"lineage graph\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" style=\"max-width:100%;height:auto\">\n")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
            + " orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n")
        .append("<g font-family=\"DejaVu Sans Mono, monospace\" font-size=\"11\">\n");
    for (LineageGraph.Edge e : graph.edges()) {
      LineageGraph.Node from = graph.node(e.from());
      LineageGraph.Node to = graph.node(e.to());
      // edges leave and arrive spread along a box's side, in the order of their other ends, so labels do not collide
      double x1 = attach(graph, from, e, false);
      double y1 = top(from) + BOX_HEIGHT;
      double x2 = attach(graph, to, e, true);
      double y2 = top(to);
      double bend = Math.max(ROW_GAP, (y2 - y1) / 2);
      svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"#555\""
          + " stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>%n", x1, y1, x1, y1 + bend, x2, y2 - bend, x2, y2));
      if (!e.role().isEmpty()) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\" font-size=\"10\" text-anchor=\"middle\">%s</text>%n",
            x2, y2 - 5, ReportHtml.escape(e.role())));
      }
    }
    for (LineageGraph.Node n : graph.nodes()) {
      double x = centreX(graph, n) - BOX_WIDTH / 2.0;
      int y = top(n);
      svg.append(String.format(Locale.ROOT, "<g><title>%s</title><rect x=\"%.1f\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\""
          + " stroke=\"#444\"/>%n", ReportHtml.escape(n.kind() + " " + n.id()), x, y, BOX_WIDTH, BOX_HEIGHT,
          FILL.getOrDefault(n.kind(), "#ffffff")));
      svg.append(text(x + 8, y + 16, "font-weight=\"bold\"", n.kind() + " " + shown(n.id(), runId)));
      for (int i = 0; i < Math.min(FACT_LINES, n.facts().size()); i++) {
        svg.append(text(x + 8, y + 16 + (i + 1) * LINE_HEIGHT, "", n.facts().get(i)));
      }
      svg.append("</g>\n");
    }
    return svg.append("</g>\n</svg>\n").toString();
  }

  private static String text(double x, double y, String attributes, String content) {
    String clipped = content.length() > MAX_LABEL_CHARS ? content.substring(0, MAX_LABEL_CHARS - 1) + "…" : content;
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, ReportHtml.escape(clipped));
  }

  /** A stage's id without its run, a coupling's with "…" for it, a hash cut to 12 digits. */
  private static String shown(String id, String runId) {
    String last = id.substring(id.lastIndexOf('/') + 1);
    return last.matches("[0-9a-f]{64}") ? last.substring(0, 12) + "…" : runId.isEmpty() ? last : last.replace(runId, "…");
  }

  /** Where edge {@code e} meets node {@code n}: its top when {@code arriving}, else its bottom. */
  private static double attach(LineageGraph graph, LineageGraph.Node n, LineageGraph.Edge e, boolean arriving) {
    List<LineageGraph.Edge> side = graph.edges().stream()
        .filter(o -> (arriving ? o.to() : o.from()).equals(n.key()))
        .sorted(Comparator.comparingDouble(o -> centreX(graph, graph.node(arriving ? o.from() : o.to()))))
        .toList();
    double left = centreX(graph, n) - BOX_WIDTH / 2.0;
    return left + BOX_WIDTH * (side.indexOf(e) + 1.0) / (side.size() + 1);
  }

  /** Rows are centred: a layer of fewer nodes sits in the middle of the widest one. */
  private static double centreX(LineageGraph graph, LineageGraph.Node n) {
    long inLayer = graph.nodes().stream().filter(o -> o.layer() == n.layer()).count();
    double rowWidth = inLayer * BOX_WIDTH + (inLayer - 1) * COLUMN_GAP;
    double fullWidth = graph.width() * BOX_WIDTH + (graph.width() - 1) * COLUMN_GAP;
    return MARGIN + (fullWidth - rowWidth) / 2 + n.position() * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2.0;
  }

  private static int top(LineageGraph.Node n) {
    return MARGIN + n.layer() * (BOX_HEIGHT + ROW_GAP);
  }
}
