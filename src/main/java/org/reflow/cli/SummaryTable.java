package org.reflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.solve.Solver;
import org.reflow.report.Replicates;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SourceSpec;
import org.reflow.spec.StageKind;
import org.reflow.spec.StageSpec;
import org.reflow.work.Evaluator;

/**
 * The table {@code reflow run} ends with: per stage, its reflow count k, steps, final loss, the
 * W2 to the target at each evaluation solver (with RK45's NFE; for images the Fréchet distance FD),
 * and straightness, transport cost and crossing probability (for images class coverage) under the
 * most accurate solver (the last one listed). With replicates or a sweep, it goes on with {@link
 * ReplicateTables}: the metrics over replicates and the paired effects.
 */
final class SummaryTable {

  private SummaryTable() {}

  /** The table of {@code history}'s run, whose spec is {@code spec}: what the journal recorded. */
  static String render(ExperimentSpec spec, RunHistory history) {
    List<String> solvers = spec.evaluation().solvers().stream().map(Solver::describe).toList();
    // images are judged by the Fréchet distance in the feature classifier's space, points by W2
    boolean images = spec.target() instanceof SourceSpec.FashionMnistImages;
    String distance = images ? "fd" : "w2";
    List<String> header = new ArrayList<>(List.of("stage", "k", "status", "steps", "loss"));
    solvers.forEach(s -> header.add((images ? "FD " : "W2 ") + shortName(s)));
    header.addAll(List.of("straightness", "transport", images ? "coverage" : "crossing"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    Map<String, StageRecord> records = history.stages();
    for (StageSpec stage : spec.stages().values()) {
      List<String> row = new ArrayList<>();
      StageRecord record = records.get(stage.id());
      Map<String, Event.MetricsRecorded> latest = history.latestMetrics(stage.id());
      row.add(stage.id());
      row.add(k(spec, stage));
      row.add(record == null ? "-" : record.status().name().toLowerCase());
      row.add(record == null ? "-" : record.lastCheckpoint().map(c -> Long.toString(c.step())).orElse("0"));
      row.add(format(record == null ? null : record.lastCheckpoint().map(Event.CheckpointSaved::loss).orElse(null)));
      for (String s : solvers) {
        Map<String, Double> m = latest.containsKey(s) ? latest.get(s).values() : Map.of();
        String w2 = format(m.get(distance));
        row.add(s.startsWith("rk45") && m.containsKey("nfe") ? w2 + " (" + Math.round(m.get("nfe")) + ")" : w2);
      }
      String lastSolver = solvers.get(solvers.size() - 1);
      Map<String, Double> last = latest.containsKey(lastSolver) ? latest.get(lastSolver).values() : Map.of();
      row.add(format(last.get("straightness")));
      row.add(format(last.get("transport_cost")));
      row.add(format(last.get(images ? "class_coverage" : "crossing_probability")));
      rows.add(row);
    }
    return spec.expanded() ? layout(rows) + "\n" + ReplicateTables.render(Replicates.of(history)) : layout(rows);
  }

  /** One evaluation on one line: W2 (FD for images) per solver. */
  static String oneLine(Evaluator.Evaluation e) {
    StringBuilder s = new StringBuilder();
    e.bySolver().forEach((solver, m) -> s.append(m.containsKey("fd") ? "FD[" : "W2[").append(shortName(solver)).append("]=")
        .append(format(m.containsKey("fd") ? m.get("fd") : m.get("w2"))).append("  "));
    Map<String, Double> any = e.bySolver().values().stream().findFirst().orElse(Map.of());
    return s.append("straightness=").append(format(any.get("straightness"))).toString();
  }

  private static String k(ExperimentSpec spec, StageSpec stage) {
    if (stage.kind() == StageKind.RECTIFY) {
      return "1";
    }
    String teacherK = k(spec, spec.stages().get(stage.teacher().orElseThrow()));
    return stage.kind() == StageKind.REFLOW ? Integer.toString(Integer.parseInt(teacherK.split(" ")[0]) + 1)
        : teacherK.split(" ")[0] + " distilled";
  }

  private static String shortName(String solver) {
    return solver.startsWith("rk45") ? "rk45" : solver.replace("euler:", "N=").replace("heun:", "heun N=");
  }

  private static String format(Double v) {
    return v == null ? "-" : String.format(Math.abs(v) >= 100 ? "%.1f" : "%.4f", v);
  }

  static String layout(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        out.append(i == 0 ? String.format("%-" + widths[i] + "s", row.get(i)) : String.format("  %" + widths[i] + "s", row.get(i)));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
