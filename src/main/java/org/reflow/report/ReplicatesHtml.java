package org.reflow.report;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reflow.experiment.RunHistory;
import org.reflow.metrics.Estimate;

/**
 * The report's section on replicates: per solver, each stage's final W2 over the replicates (mean,
 * its 95% interval as an error bar, each seed a dot), straightness the same way, and the paired
 * effects of each stage against its teacher as a table. A run of one replicate says how to get more.
 */
final class ReplicatesHtml {

  private ReplicatesHtml() {}

  static void section(StringBuilder html, RunHistory history) {
    html.append("<section id=\"replicates\">\n<h2>Replicates: means with 95% intervals</h2>\n");
    if (history.run().orElseThrow().stageVariants().isEmpty()) {
      html.append("<p class=\"note\">One replicate: this run's numbers carry no interval. <code>replicates: N</code> in the"
          + " experiment file runs the stage graph at N seeds and reports each metric's mean with its 95% interval.</p>\n");
      html.append("</section>\n");
      return;
    }
    Replicates r = Replicates.of(history);
    List<String> solvers = ReplicateCharts.solvers(r);
    if (solvers.isEmpty()) {
      html.append("<p class=\"note\">No replicate has a completed stage with metrics yet.</p>\n</section>\n");
      return;
    }
    html.append("<div class=\"figures\">\n");
    for (String solver : solvers) {
      figure(html, ReplicateCharts.errorBars("W2 to the target, " + solver, "W2", metric(r, solver, "w2")),
          "final W2 per stage with " + solver + ": mean, 95% interval (Student t), each seed a dot");
    }
    String last = solvers.get(solvers.size() - 1);
    figure(html, ReplicateCharts.errorBars("Straightness, " + last, "S", metric(r, last, "straightness")),
        "final straightness per stage: mean, 95% interval, each seed a dot");
    html.append("</div>\n<h3>Paired effects, seed by seed</h3>\n<p>Each stage against its teacher in the same replicate:"
        + " W2 and straightness as ratios (stage ÷ teacher), transport cost as a difference (stage − teacher);"
        + " then the mean and 95% interval of the per-seed effects.</p>\n<table>\n<tr><th class=\"text\">stage vs teacher</th>"
        + "<th>solver</th><th>metric</th><th>effect</th><th>N</th><th>95% interval</th><th class=\"text\">per seed</th></tr>\n");
    for (Replicates.Effect e : r.effects()) {
      Estimate est = e.stat().estimate();
      StringBuilder seeds = new StringBuilder();
      new java.util.TreeMap<>(e.stat().values()).forEach((seed, v) -> seeds.append(seeds.length() == 0 ? "" : ", ")
          .append(seed).append(": ").append(number(v)));
      html.append("<tr><td class=\"text\">").append(ReportHtml.escape((e.point().isEmpty() ? "" : e.point() + "/") + e.stage()
          + " vs " + e.teacher())).append("</td><td>").append(ReportHtml.escape(e.solver())).append("</td><td>")
          .append(e.metric()).append("</td><td>").append(e.kind()).append(' ').append(number(est.mean())).append("</td><td>")
          .append(est.n()).append("</td><td>").append(est.n() < 2 ? "–" : "[" + number(est.low()) + ", " + number(est.high()) + "]")
          .append("</td><td class=\"text\">").append(seeds).append("</td></tr>\n");
    }
    html.append("</table>\n</section>\n");
  }

  private static Map<String, Replicates.Stat> metric(Replicates r, String solver, String metric) {
    Map<String, Replicates.Stat> out = new LinkedHashMap<>();
    r.stats().forEach((key, metrics) -> {
      if (key.solver().equals(solver) && metrics.containsKey(metric)) {
        out.put(ReplicateCharts.category(key), metrics.get(metric));
      }
    });
    return out;
  }

  private static void figure(StringBuilder html, byte[] png, String caption) {
    html.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
        .append("\" alt=\"").append(ReportHtml.escape(caption)).append("\"><figcaption>").append(ReportHtml.escape(caption))
        .append("</figcaption></figure>\n");
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
  }
}
