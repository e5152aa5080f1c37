package org.reflow.report;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.data.FashionMnist;
import org.reflow.data.ImageGrid;
import org.reflow.experiment.Event;

/**
 * The sections of an image run's report ({@link ImageReport}): FD against NFE with the FD table,
 * the image grids, the class histograms and, for domain transfer, the pairs X0 → one-step X1.
 */
final class ImageHtml {

  /** Metric columns of an image run's tables, in the order an evaluation records them. */
  static final List<String> METRICS = List.of("nfe", "fd", "class_coverage", "confidence", "transport_cost", "straightness");

  /** How much larger than their 28 pixels images are shown. */
  private static final int ZOOM = 2;

  private ImageHtml() {}

  static void fd(StringBuilder html, RunReport report) {
    ReportHtml.open(html, "fd", "Fréchet distance against function evaluations");
    List<ImageFigures> evaluated = report.images().orElseThrow().stages().stream().filter(s -> s.best().isPresent()).toList();
    if (evaluated.isEmpty()) {
      ReportHtml.unavailable(html, "no stage has been evaluated yet");
    } else {
      ReportHtml.image(html, ImageCharts.fdAgainstNfe(evaluated.stream().map(ImageFigures::title).toList(),
          evaluated.stream().map(ImageFigures::recorded).toList()), "FD against NFE, one line per stage");
      html.append("<p>FD is the Fréchet distance between the penultimate-layer features of a stage's samples and of the"
          + " target's test images, in the eyes of the home's feature classifier; class coverage is the overlap"
          + " Σ min(p, q) of their class histograms, confidence the mean top class probability. Each row is the"
          + " stage's latest evaluation, every stage on the same noise draws.</p>\n<table id=\"fd-table\">\n"
          + "<tr><th class=\"text\">stage</th><th>step</th><th class=\"text\">solver</th><th>NFE</th><th>FD</th>"
          + "<th>class coverage</th><th>confidence</th></tr>\n");
      for (ImageFigures s : evaluated) {
        for (Event.MetricsRecorded m : s.recorded().values()) {
          html.append("<tr><td class=\"text\">").append(ReportHtml.escape(s.title())).append("</td><td>").append(m.step())
              .append("</td><td class=\"text\">").append(ReportHtml.escape(m.solver())).append("</td>");
          for (String name : List.of("nfe", "fd", "class_coverage", "confidence")) {
            html.append("<td>").append(ReportHtml.value(name, m.values().get(name))).append("</td>");
          }
          html.append("</tr>\n");
        }
      }
      html.append("</table>\n");
    }
    ReportHtml.close(html);
  }

  static void samples(StringBuilder html, RunReport report) {
    ImageReport images = report.images().orElseThrow();
    ReportHtml.open(html, "samples", "Samples from the same noise, stage by stage");
    html.append("<p>Each stage's latest checkpoint carries the same ").append(ImageReport.GRID_IMAGES)
        .append(" draws of π0 with each solver; image i of every grid starts from the same draw, so a row shows what")
        .append(" a stage does to it and a column what reflow changes. A grid is what <code>reflow sample RUN/STAGE")
        .append(" --solver SOLVER --count ").append(ImageReport.GRID_IMAGES).append(" --seed ").append(images.seed())
        .append(" --png FILE</code> draws (for a completed stage).</p>\n<table class=\"grids\">\n<tr><th class=\"text\">stage</th>");
    ImageFigures.GRID_SOLVERS.forEach(s -> html.append("<th>").append(ReportHtml.escape(s)).append("</th>"));
    html.append("</tr>\n");
    for (ImageFigures s : images.stages()) {
      html.append("<tr><td class=\"text\">").append(ReportHtml.escape(s.title()));
      s.checkpoint().ifPresent(c -> html.append("<br><code>").append(ReportHtml.escape(c.checkpointId()))
          .append("</code><br>step ").append(c.step()));
      html.append("</td>");
      if (s.grids().isEmpty()) {
        html.append("<td class=\"text note\" colspan=\"").append(ImageFigures.GRID_SOLVERS.size()).append("\">")
            .append(missing(s)).append("</td>");
      }
      for (ImageFigures.Grid g : s.grids()) {
        html.append("<td>");
        pixels(html, g.png(), ImageReport.COLUMNS, s.id() + ", " + g.solver() + ", NFE " + g.nfe());
        html.append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    ReportHtml.close(html);
  }

  static void classes(StringBuilder html, RunReport report) {
    ImageReport images = report.images().orElseThrow();
    ReportHtml.open(html, "classes", "Class histograms");
    List<ImageFigures> evaluated = images.stages().stream().filter(s -> s.best().isPresent()).toList();
    if (evaluated.isEmpty() || images.targetHistogram().isEmpty()) {
      ReportHtml.unavailable(html, evaluated.isEmpty() ? "no stage has been evaluated yet"
          : "the target's histogram cannot be computed (see the notes at the top)");
    } else {
      html.append("<p>Which classes the feature classifier assigns to a stage's samples at one step and at its best"
          + " solver (lowest FD), against the target's test images: mode collapse or a missing class shows as a gap.</p>\n"
          + "<div class=\"figures\">\n");
      for (ImageFigures s : evaluated) {
        Map<String, double[]> series = new LinkedHashMap<>();
        Event.MetricsRecorded best = s.best().get();
        Optional.ofNullable(s.recorded().get(ImageFigures.ONE_STEP)).filter(m -> m != best)
            .ifPresent(m -> series.put("one step (" + m.solver() + ")", histogram(m)));
        series.put((best.solver().equals(ImageFigures.ONE_STEP) ? "one step, the best (" : "best (") + best.solver() + ")",
            histogram(best));
        ReportHtml.figure(html, ImageCharts.classes(s.title(), images.targetHistogram().get(), series,
            ReportCharts.stageColour(images.stages().indexOf(s))), s.id() + ": class histogram at " + String.join(" and ", series.keySet()));
      }
      html.append("</div>\n");
    }
    ReportHtml.close(html);
  }

  static void pairs(StringBuilder html, RunReport report) {
    ImageReport images = report.images().orElseThrow();
    ReportHtml.open(html, "pairs", "Domain transfer: pairs X0 → one-step X1");
    if (!images.transfer()) {
      ReportHtml.unavailable(html, "π0 of this run is noise; pairs are drawn for domain transfer, where π0 is images too");
    } else {
      html.append("<p>The first ").append(ImageReport.PAIRS).append(" grid draws of π0 (top row) and what each stage")
          .append(" makes of them in one Euler step (bottom row), the same inputs for every stage.</p>\n<div class=\"figures\">\n");
      for (ImageFigures s : images.stages()) {
        if (s.pairs().isEmpty()) {
          html.append("<p class=\"note\">").append(ReportHtml.escape(s.title())).append(": ").append(missing(s)).append("</p>\n");
          continue;
        }
        pixels(html, s.pairs().get(), ImageReport.PAIRS, s.title() + ": X0 (top) → one-step X1 (bottom)");
      }
      html.append("</div>\n");
    }
    ReportHtml.close(html);
  }

  /** Why a stage shows no images, escaped: its notes, or that it has recorded nothing to show yet. */
  private static String missing(ImageFigures s) {
    return ReportHtml.escape(s.notes().isEmpty() ? "nothing to show yet" : String.join("; ", s.notes()));
  }

  /** An image grid {@code columns} images wide, shown at twice its size with its pixels kept sharp. */
  private static void pixels(StringBuilder html, byte[] png, int columns, String caption) {
    html.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
        .append("\" width=\"").append(ZOOM * ImageGrid.extent(columns)).append("\" style=\"image-rendering:pixelated\" alt=\"")
        .append(ReportHtml.escape(caption)).append("\"><figcaption>").append(ReportHtml.escape(caption))
        .append("</figcaption></figure>\n");
  }

  /** The class histogram an evaluation recorded ({@code class_0} … {@code class_9}). */
  private static double[] histogram(Event.MetricsRecorded m) {
    double[] h = new double[FashionMnist.CLASS_NAMES.size()];
    for (int c = 0; c < h.length; c++) {
      h[c] = m.values().getOrDefault("class_" + c, Double.NaN);
    }
    return h;
  }
}
