package org.reflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reflow.metrics.Estimate;
import org.reflow.report.Replicates;

/**
 * The tables a run with replicates or a sweep adds to its summary, and {@code show} prints: each
 * stage's metrics over replicates as mean ± half-width of the 95% interval (Student t) with N, and
 * the paired effects of each stage against its teacher.
 */
final class ReplicateTables {

  private static final List<String> METRICS = List.of("w2", "straightness", "transport_cost");

  private ReplicateTables() {}

  static String render(Replicates r) {
    boolean points = r.stats().keySet().stream().anyMatch(k -> !k.point().isEmpty());
    List<List<String>> rows = new ArrayList<>();
    rows.add(withPoint(points, "point", List.of("stage", "solver", "N", "W2", "straightness", "transport")));
    r.stats().forEach((key, metrics) -> {
      List<String> row = new ArrayList<>(List.of(key.stage(), key.solver(),
          Integer.toString(metrics.values().stream().mapToInt(s -> s.estimate().n()).max().orElse(0))));
      METRICS.forEach(m -> row.add(metrics.containsKey(m) ? plusMinus(metrics.get(m).estimate()) : "-"));
      rows.add(withPoint(points, key.point(), row));
    });
    StringBuilder out = new StringBuilder("over replicates: final checkpoints' metrics, mean ± half-width of the 95%"
        + " interval (Student t), N completed replicates\n").append(SummaryTable.layout(rows));
    // W2 at every solver; straightness and transport cost under the most accurate one (the last), as the summary does.
    String last = r.stats().keySet().stream().map(Replicates.Key::solver).reduce((a, b) -> b).orElse("");
    List<Replicates.Effect> shown = r.effects().stream().filter(e -> e.metric().equals("w2") || e.solver().equals(last)).toList();
    if (!shown.isEmpty()) {
      List<List<String>> effects = new ArrayList<>();
      effects.add(withPoint(points, "point", List.of("stage vs teacher", "solver", "metric", "effect", "N", "95% interval")));
      shown.forEach(e -> effects.add(withPoint(points, e.point(), List.of(e.stage() + " vs " + e.teacher(), e.solver(),
          e.metric(), (e.kind().equals("ratio") ? "ratio " : "difference ") + format(e.stat().estimate().mean()),
          Integer.toString(e.stat().estimate().n()), interval(e.stat().estimate())))));
      out.append("\npaired effects, seed by seed (ratio: stage ÷ teacher; difference: stage − teacher)\n")
          .append(SummaryTable.layout(effects));
    }
    return out.toString();
  }

  /** The row with the sweep point first, when the run has a sweep. */
  private static List<String> withPoint(boolean points, String point, List<String> row) {
    if (!points) {
      return row;
    }
    List<String> out = new ArrayList<>(List.of(point.isEmpty() ? "-" : point));
    out.addAll(row);
    return out;
  }

  static String plusMinus(Estimate e) {
    return e.n() < 2 ? format(e.mean()) : format(e.mean()) + " ± " + format(e.halfWidth());
  }

  static String interval(Estimate e) {
    return e.n() < 2 ? "-" : "[" + format(e.low()) + ", " + format(e.high()) + "]";
  }

  static String format(double v) {
    return String.format(Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 0.01 || v == 0 ? "%.4f" : "%.3g", v);
  }
}
