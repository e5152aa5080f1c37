package org.reflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/** Charts of a metric over replicates: each category's mean with its 95% interval as an error bar, every seed a dot. */
final class ReplicateCharts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;

  private ReplicateCharts() {}

  /** One category per entry of {@code stats} (e.g. a stage), in order. */
  static byte[] errorBars(String title, String axis, Map<String, Replicates.Stat> stats) {
    DefaultStatisticalCategoryDataset means = new DefaultStatisticalCategoryDataset();
    DefaultCategoryDataset seeds = new DefaultCategoryDataset();
    TreeSet<Long> allSeeds = new TreeSet<>();
    stats.values().forEach(s -> allSeeds.addAll(s.values().keySet()));
    stats.forEach((category, s) -> {
      double half = s.estimate().n() < 2 ? 0 : s.estimate().halfWidth();
      means.add(s.estimate().mean(), half, "mean ± 95% interval", category);
      for (long seed : allSeeds) {
        Double v = s.values().get(seed);
        seeds.addValue(v == null || !Double.isFinite(v) ? null : v, "seed " + seed, category);
      }
    });
    CategoryAxis categories = new CategoryAxis();
    categories.setCategoryLabelPositions(stats.size() > 6 ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
    NumberAxis values = new NumberAxis(axis);
    values.setAutoRangeIncludesZero(false);
    StatisticalLineAndShapeRenderer bars = new StatisticalLineAndShapeRenderer(false, true);
    bars.setSeriesPaint(0, Color.BLACK);
    bars.setErrorIndicatorPaint(Color.BLACK);
    bars.setErrorIndicatorStroke(new BasicStroke(1.5f));
    bars.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-5, -2, 10, 4));
    CategoryPlot plot = new CategoryPlot(means, categories, values, bars);
    LineAndShapeRenderer dots = new LineAndShapeRenderer(false, true);
    for (int i = 0; i < allSeeds.size(); i++) {
      dots.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
      dots.setSeriesPaint(i, Color.getHSBColor(i / (float) Math.max(1, allSeeds.size()), 0.7f, 0.8f));
    }
    plot.setDataset(1, seeds);
    plot.setRenderer(1, dots);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a chart as PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** The chart's categories for {@code keys}: the stage, after its sweep point when the run has one. */
  static String category(Replicates.Key key) {
    return key.point().isEmpty() ? key.stage() : key.point() + "/" + key.stage();
  }

  static List<String> solvers(Replicates r) {
    return r.stats().keySet().stream().map(Replicates.Key::solver).distinct().toList();
  }
}
