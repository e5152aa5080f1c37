package org.reflow.report;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.RunState;
import org.reflow.text.Redaction;

/**
 * The report as one self-contained HTML page: charts embedded as {@code data:} PNGs, the lineage
 * as inline SVG, no script and nothing fetched, so it opens from disk in any browser with no
 * network. Every text from the run is escaped.
 */
public final class ReportHtml {

  /** The page's sections, by id, in order: what a reader (and the browser test) finds. */
  public static final List<String> SECTIONS =
      List.of("run", "loss", "distance", "straightness", "samples", "trajectories", "coupling", "lineage", "metrics",
          "replicates");

  /** The sections of an image run's page (π1 is Fashion-MNIST), by id, in order. */
  public static final List<String> IMAGE_SECTIONS =
      List.of("run", "loss", "fd", "samples", "classes", "pairs", "lineage", "metrics", "replicates");

  /** Metric columns of the table, in the order an evaluation records them. */
  private static final List<String> METRICS = List.of(
      "nfe", "w2", "sliced_w2", "mmd2", "energy_distance", "transport_cost", "crossing_probability", "straightness");

  private static final String STYLE = """
      body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
      h1{margin-bottom:.2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
      table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ddd;padding:.25em .5em;text-align:right}
      th{background:#f4f4f4} td.text,th.text{text-align:left} .facts td{text-align:left}
      .figures{display:flex;flex-wrap:wrap;gap:1em} figure{margin:0} figcaption{font-size:.9em;color:#555}
      img{max-width:100%;height:auto;border:1px solid #eee} pre{background:#f7f7f7;padding:.8em;overflow:auto}
      .note{color:#8a5300} nav a{margin-right:1em} .status-completed{color:#176f2c} .status-failed{color:#b00020}
      .metrics{display:block;overflow-x:auto}
      """;

  private ReportHtml() {}

  public static String page(RunReport report) {
    RunInfo info = report.history().run().orElseThrow();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape("reflow report: " + info.name() + " " + info.runId())).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    boolean images = report.images().isPresent();
    header(html, report, info, images ? IMAGE_SECTIONS : SECTIONS);
    // Each section draws its own charts: drawn side by side on the machine's cores, joined in order.
    List<BiConsumer<StringBuilder, RunReport>> sections = images
        ? List.of(ReportHtml::loss, ImageHtml::fd, ImageHtml::samples, ImageHtml::classes, ImageHtml::pairs,
            ReportHtml::lineage, ReportHtml::metrics)
        : List.of(ReportHtml::loss, ReportHtml::distance, ReportHtml::straightness, ReportHtml::samples,
            ReportHtml::trajectories, ReportHtml::coupling, ReportHtml::lineage, ReportHtml::metrics);
    sections.parallelStream().map(section -> {
      StringBuilder part = new StringBuilder();
      section.accept(part, report);
      return part;
    }).toList().forEach(html::append);
    ReplicatesHtml.section(html, report.history());
    return html.append("</body>\n</html>\n").toString();
  }

  /** Text as HTML (also safe inside attribute values and SVG). */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void header(StringBuilder html, RunReport report, RunInfo info, List<String> sections) {
    String status = report.history().status();
    html.append("<header id=\"run\">\n<h1>").append(escape(info.name())).append("</h1>\n<p>reflow run <code>")
        .append(escape(info.runId())).append("</code>: <strong class=\"status-").append(status.replace(' ', '-')).append("\">")
        .append(status).append("</strong></p>\n<nav>");
    for (String id : sections.subList(1, sections.size())) {
      html.append("<a href=\"#").append(id).append("\">").append(id).append("</a>");
    }
    html.append("</nav>\n<table class=\"facts\">\n");
    row(html, "experiment", info.name());
    row(html, "run id", info.runId());
    row(html, "status", status);
    row(html, "seed", Long.toString(info.seed()));
    row(html, "spec SHA-256", info.specSha256());
    row(html, "submitted", info.submittedAt().truncatedTo(ChronoUnit.SECONDS) + " on " + info.host());
    if (report.history().state() instanceof RunState.Finished f) {
      f.completedAt().ifPresent(t -> row(html, "completed", t.truncatedTo(ChronoUnit.SECONDS) + " ("
          + duration(Duration.between(info.submittedAt(), t)) + " after submission)"));
      f.failure().ifPresent(reason -> row(html, "failed", Redaction.text(reason)));
    }
    List<Event.ExperimentResumed> resumptions = report.resumptions();
    row(html, "resumed", resumptions.isEmpty() ? "never" : String.join("; ", resumptions.stream().map(ReportHtml::resumption).toList()));
    row(html, "report written", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()
        + (status.equals("incomplete") ? " (the run had not ended: a later report shows more)" : ""));
    html.append("</table>\n<details><summary>spec (YAML, as run)</summary>\n<pre>").append(escape(info.specYaml()))
        .append("</pre>\n</details>\n");
    if (!report.notes().isEmpty()) {
      html.append("<ul class=\"note\">\n");
      report.notes().forEach(n -> html.append("<li>").append(escape(n)).append("</li>\n"));
      html.append("</ul>\n");
    }
    html.append("</header>\n");
  }

  private static String resumption(Event.ExperimentResumed r) {
    StringBuilder s = new StringBuilder("#" + r.resumption() + " at " + r.resumedAt().truncatedTo(ChronoUnit.SECONDS)
        + " on " + r.host() + ", kept " + (r.keptStages().isEmpty() ? "no stage" : String.join(", ", r.keptStages())));
    r.restartSteps().forEach((stage, step) -> s.append(", ").append(stage).append(" from step ").append(step));
    r.previousFailure().ifPresent(f -> s.append(" (after: ").append(f).append(')'));
    return s.toString();
  }

  private static void loss(StringBuilder html, RunReport report) {
    open(html, "loss", "Training loss");
    if (report.losses().stream().allMatch(s -> s.size() == 0)) {
      html.append("<p class=\"note\">No training step is logged yet.</p>\n");
    } else {
      image(html, ReportCharts.loss(report.losses()), "training loss against step, one line per stage");
      html.append("<p>The loss of every training step, from the logs the checkpoints carry.</p>\n");
    }
    close(html);
  }

  private static void distance(StringBuilder html, RunReport report) {
    open(html, "distance", "Distance to the target against function evaluations");
    List<StageFigures> measured = report.figures().stream().filter(f -> !f.distances().isEmpty()).toList();
    if (measured.isEmpty()) {
      unavailable(html, "no stage has a checkpoint to sample yet");
    } else {
      List<String> names = measured.stream().map(StageFigures::title).toList();
      List<List<DistanceVsNfe.Point>> euler = measured.stream().map(f -> f.distances().subList(0, f.distances().size() - 1)).toList();
      List<DistanceVsNfe.Point> rk45 = measured.stream().map(f -> f.distances().get(f.distances().size() - 1)).toList();
      image(html, ReportCharts.distance(names, euler, rk45), "sliced W2 to the target against NFE, one line per stage");
      html.append("<p>Each stage's latest checkpoint carries the same ").append(RunReport.POINTS)
          .append(" draws of π0 with Euler N = 1, 2, 4, …, 64, 100 and with RK45; sliced W2 to ").append(RunReport.POINTS)
          .append(" draws of π1. One-step generation (NFE 1) improves with each reflow.</p>\n<table>\n<tr><th class=\"text\">stage</th>");
      measured.get(0).distances().forEach(p -> html.append("<th>").append(escape(p.solver())).append("</th>"));
      html.append("</tr>\n");
      for (StageFigures f : measured) {
        html.append("<tr><td class=\"text\">").append(escape(f.title())).append("</td>");
        f.distances().forEach(p -> html.append("<td>").append(number(p.w2()))
            .append(p.solver().startsWith("rk45") ? " (NFE " + p.nfe() + ")" : "").append("</td>"));
        html.append("</tr>\n");
      }
      html.append("</table>\n");
    }
    close(html);
  }

  private static void straightness(StringBuilder html, RunReport report) {
    open(html, "straightness", "Straightness and transport cost against k");
    List<StageFigures> measured = report.figures().stream().filter(f -> f.checkpoint().isPresent() && !f.distances().isEmpty())
        .sorted((a, b) -> a.level().compareTo(b.level())).toList();
    if (measured.isEmpty()) {
      unavailable(html, "no stage has a checkpoint to sample yet");
    } else {
      image(html, ReportCharts.straightness(measured.stream().map(f -> f.level().label() + " · " + f.id()).toList(),
          measured.stream().mapToDouble(StageFigures::straightness).toArray(),
          measured.stream().mapToDouble(StageFigures::transportCost).toArray()),
          "straightness and transport cost against k");
      html.append("<table>\n<tr><th class=\"text\">stage</th><th>k</th><th>checkpoint step</th><th>straightness S</th>"
          + "<th>transport cost E‖Z1 − Z0‖²</th></tr>\n");
      for (StageFigures f : measured) {
        html.append("<tr><td class=\"text\">").append(escape(f.id())).append("</td><td>").append(escape(f.level().label()))
            .append("</td><td>").append(f.checkpoint().get().step()).append("</td><td>").append(number(f.straightness()))
            .append("</td><td>").append(number(f.transportCost())).append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    close(html);
  }

  private static void samples(StringBuilder html, RunReport report) {
    open(html, "samples", "Samples at N = 1 and N = " + StageFigures.EULER_STEPS);
    if (twoDimensional(html, report)) {
      for (int i = 0; i < report.figures().size(); i++) {
        StageFigures f = report.figures().get(i);
        if (f.oneStep().isEmpty()) {
          stageNote(html, f);
          continue;
        }
        html.append("<h3>").append(escape(f.title())).append("</h3>\n<div class=\"figures\">\n");
        int index = i;
        Optional<StageCharts> drawn = f.chartsAt(index);
        figure(html, drawn.map(StageCharts::oneStep).orElseGet(() -> StageCharts.oneStep(f, report.target().get(), index)),
            "one-step samples of " + f.id() + " over the target");
        figure(html, drawn.map(StageCharts::manySteps).orElseGet(() -> StageCharts.manySteps(f, report.target().get(), index)),
            StageFigures.EULER_STEPS + "-step samples of " + f.id() + " over the target");
        html.append("</div>\n");
      }
    }
    close(html);
  }

  private static void trajectories(StringBuilder html, RunReport report) {
    open(html, "trajectories", "Trajectories from π0 to π1");
    if (twoDimensional(html, report)) {
      html.append("<div class=\"figures\">\n");
      for (int i = 0; i < report.figures().size(); i++) {
        StageFigures f = report.figures().get(i);
        if (f.trajectories().isEmpty()) {
          stageNote(html, f);
          continue;
        }
        int index = i;
        figure(html, f.chartsAt(index).map(StageCharts::trajectories)
            .orElseGet(() -> StageCharts.trajectories(f, report.target().get(), index)),
            "paths of " + f.trajectories().size() + " particles under " + f.id());
      }
      html.append("</div>\n");
    }
    close(html);
  }

  private static void coupling(StringBuilder html, RunReport report) {
    open(html, "coupling", "Couplings: pairs X0 → X1 and their crossings");
    if (twoDimensional(html, report)) {
      html.append("<p>The pairs each stage trained on, as straight segments; a cross marks where two of them cross."
          + " Rectification untangles them: the pairs a flow generates cross far less than independent ones.</p>\n");
      html.append("<div class=\"figures\">\n");
      for (int i = 0; i < report.figures().size(); i++) {
        StageFigures f = report.figures().get(i);
        if (f.coupling().isEmpty()) {
          stageNote(html, f);
          continue;
        }
        CouplingView c = f.coupling().get();
        int index = i;
        byte[] png = f.chartsAt(index).flatMap(StageCharts::coupling)
            .orElseGet(() -> StageCharts.coupling(f, index).orElseThrow());
        figure(html, png, f.id() + ": " + c.description()
            + String.format(Locale.ROOT, "; crossing probability %.4f", c.crossings().probability()));
      }
      html.append("</div>\n");
    }
    close(html);
  }

  private static void lineage(StringBuilder html, RunReport report) {
    open(html, "lineage", "Lineage");
    if (report.lineage().nodes().isEmpty()) {
      unavailable(html, "no checkpoint is saved yet, so there is no lineage to draw");
    } else {
      html.append("<p>Where each stage's latest checkpoint came from: the data at the top, then stages, their"
          + " checkpoints, and the couplings generated from teachers; all of it specified by the spec above (an inline"
          + " SVG drawn from the journal's events; <code>reflow lineage RUN/STAGE</code> prints each node's facts).</p>\n")
          .append(LineageSvg.render(report.lineage(), report.history().run().orElseThrow().runId()));
    }
    close(html);
  }

  private static void metrics(StringBuilder html, RunReport report) {
    open(html, "metrics", "Every metric at every evaluated checkpoint");
    List<Event.MetricsRecorded> all = report.metrics();
    if (all.isEmpty()) {
      unavailable(html, "no checkpoint has been evaluated yet");
    } else {
      List<String> columns = report.images().isPresent() ? ImageHtml.METRICS : METRICS;
      html.append("<table class=\"metrics\">\n<tr><th class=\"text\">stage</th><th class=\"text\">checkpoint</th><th>step</th>"
          + "<th class=\"text\">solver</th>");
      columns.forEach(m -> html.append("<th>").append(m).append("</th>"));
      html.append("</tr>\n");
      for (Event.MetricsRecorded m : all) {
        html.append("<tr><td class=\"text\">").append(escape(m.stage())).append("</td><td class=\"text\"><code>")
            .append(escape(m.checkpointId())).append("</code></td><td>").append(m.step()).append("</td><td class=\"text\">")
            .append(escape(m.solver())).append("</td>");
        for (String name : columns) {
          html.append("<td>").append(value(name, m.values().get(name))).append("</td>");
        }
        html.append("</tr>\n");
      }
      html.append("</table>\n");
    }
    close(html);
  }

  /** Whether the data is 2-D; if not, says so in the section. */
  private static boolean twoDimensional(StringBuilder html, RunReport report) {
    if (report.figures().isEmpty()) {
      unavailable(html, "the run's flows cannot be sampled (see the notes at the top)");
      return false;
    }
    if (report.target().isEmpty()) {
      unavailable(html, "these plots are drawn for 2-D data only; this run's data is not 2-D");
      return false;
    }
    return true;
  }

  /** A recorded metric as a table shows it: NFE whole, others to 4 significant digits, a dash when not recorded. */
  static String value(String name, Double v) {
    return v == null ? "–" : name.equals("nfe") ? Long.toString(Math.round(v)) : number(v);
  }

  private static void stageNote(StringBuilder html, StageFigures f) {
    html.append("<p class=\"note\">").append(escape(f.title())).append(": ")
        .append(escape(f.notes().isEmpty() ? "nothing to show yet" : String.join("; ", f.notes()))).append("</p>\n");
  }

  static void open(StringBuilder html, String id, String title) {
    html.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(title)).append("</h2>\n");
  }

  static void close(StringBuilder html) {
    html.append("</section>\n");
  }

  static void unavailable(StringBuilder html, String why) {
    html.append("<p class=\"note\">Nothing to show: ").append(escape(why)).append(".</p>\n");
  }

  private static void row(StringBuilder html, String name, String value) {
    html.append("<tr><th class=\"text\">").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
  }

  static void image(StringBuilder html, byte[] png, String alt) {
    html.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\" alt=\"")
        .append(escape(alt)).append("\">\n");
  }

  static void figure(StringBuilder html, byte[] png, String caption) {
    html.append("<figure>");
    image(html, png, caption);
    html.append("<figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String duration(Duration d) {
    long s = d.toSeconds();
    return s < 60 ? s + " s" : s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
        : String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }
}
