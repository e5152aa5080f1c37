package org.reflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.reflow.data.FashionMnist;
import org.reflow.experiment.Event;

/** The charts of an image run's report, drawn as {@link ReportCharts} draws the others. */
public final class ImageCharts {

  private static final int WIDE = 900;
  private static final int TALL = 480;
  private static final int HISTOGRAM_WIDTH = 540;
  private static final int HISTOGRAM_HEIGHT = 360;

  private ImageCharts() {}

  /**
   * Recorded FD against NFE: per stage, a line through its Euler solvers and a diamond for each other
   * solver (RK45), in the stage's colour.
   *
   * @param recorded per stage, its latest metrics by solver
   */
  public static byte[] fdAgainstNfe(List<String> stages, List<Map<String, Event.MetricsRecorded>> recorded) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < stages.size(); i++) {
      XYSeries euler = new XYSeries(stages.get(i) + ", Euler", true, true);
      XYSeries adaptive = new XYSeries(stages.get(i) + ", RK45", true, true);
      for (Event.MetricsRecorded m : recorded.get(i).values()) {
        Double fd = m.values().get("fd");
        Double nfe = m.values().get("nfe");
        if (fd != null && nfe != null) {
          (m.solver().startsWith("euler:") ? euler : adaptive).add(nfe, fd);
        }
      }
      int series = data.getSeriesCount();
      data.addSeries(euler);
      renderer.setSeriesPaint(series, ReportCharts.stageColour(i));
      renderer.setSeriesShape(series, ReportCharts.dot(7));
      renderer.setSeriesStroke(series, new BasicStroke(1.8f));
      if (adaptive.getItemCount() > 0) {
        data.addSeries(adaptive);
        renderer.setSeriesPaint(series + 1, ReportCharts.stageColour(i));
        renderer.setSeriesShape(series + 1, ShapeUtils.createDiamond(6));
        renderer.setSeriesLinesVisible(series + 1, false);
      }
    }
    NumberAxis y = new NumberAxis("FD to the test split (classifier features)");
    JFreeChart chart = ReportCharts.chart("Fréchet distance against sampling cost", new XYPlot(data, ReportCharts.nfeAxis(), y, renderer));
    chart.addSubtitle(new TextTitle("as each stage's latest evaluation recorded it, on the run's fixed noise draws;"
        + " lower left is better", ReportCharts.SUBTITLE));
    return ReportCharts.png(chart, WIDE, TALL);
  }

  /**
   * The classifier's class histogram of a stage's samples at one step and at its best solver,
   * beside the target's.
   *
   * @param target the fraction of the target's test images in each class
   * @param series each name's fractions, in order (one step, then best)
   */
  public static byte[] classes(String title, double[] target, Map<String, double[]> series, Color colour) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int c = 0; c < target.length; c++) {
      data.addValue(target[c], "target (test split)", FashionMnist.CLASS_NAMES.get(c));
    }
    series.forEach((name, fractions) -> {
      for (int c = 0; c < fractions.length; c++) {
        data.addValue(fractions[c], name, FashionMnist.CLASS_NAMES.get(c));
      }
    });
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    renderer.setSeriesPaint(0, ReportCharts.TARGET);
    Color[] shades = {colour.brighter(), colour.darker()};
    for (int s = 0; s < series.size(); s++) {
      renderer.setSeriesPaint(s + 1, shades[s % shades.length]);
    }
    CategoryAxis x = new CategoryAxis("class the feature classifier assigns");
    x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    NumberAxis y = new NumberAxis("fraction of images");
    CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return ReportCharts.png(ReportCharts.chart(title, plot), HISTOGRAM_WIDTH, HISTOGRAM_HEIGHT);
  }
}
