package org.reflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.reflow.data.Points;

/**
 * The report's charts, drawn by JFreeChart off screen and encoded as PNG. Each takes the numbers
 * computed elsewhere ({@link LossCurve}, {@link DistanceVsNfe}, {@link Trajectories}, …): this
 * class only draws, with axis labels, units and a legend.
 */
public final class ReportCharts {

  static {
    // charts render into images only; never look for a display
    System.setProperty("java.awt.headless", "true");
  }

  /** Stage colours (Tableau 10), by stage order, the same in every chart. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  static final Color TARGET = new Color(0xb0b0b0);
  private static final Color CROSSING = new Color(0xd62728);
  static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final int WIDE = 900;
  private static final int TALL = 480;
  private static final int SQUARE = 430;

  private ReportCharts() {}

  /** The colour of the stage at {@code index} in spec order. */
  public static Color stageColour(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /** Training loss against step, one line per stage, on a log scale (1-RF's loss is far above a reflow's). */
  public static byte[] loss(List<Series> curves) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.size(); i++) {
      XYSeries s = new XYSeries(curves.get(i).name(), false, true);
      Series c = curves.get(i);
      for (int k = 0; k < c.size(); k++) {
        if (c.y()[k] > 0) { // a log axis shows positive losses only
          s.add(c.x()[k], c.y()[k]);
        }
      }
      data.addSeries(s);
      renderer.setSeriesPaint(i, stageColour(i));
      renderer.setSeriesStroke(i, new BasicStroke(1.2f));
    }
    LogAxis y = new LogAxis("training loss (squared velocity error, units of z², log scale)");
    y.setSmallestValue(1e-6);
    y.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
    y.setAutoTickUnitSelection(false);
    NumberAxis x = new NumberAxis("training step");
    x.setAutoRangeIncludesZero(false);
    return png(chart("Training loss per stage", new XYPlot(data, x, y, renderer)), WIDE, TALL);
  }

  /**
   * Sliced W2 to the target against function evaluations: one line per stage over the Euler grids, and
   * each stage's RK45 solve as a diamond of its colour.
   */
  public static byte[] distance(List<String> stages, List<List<DistanceVsNfe.Point>> euler, List<DistanceVsNfe.Point> rk45) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    int series = 0;
    for (int i = 0; i < stages.size(); i++) {
      XYSeries s = new XYSeries(stages.get(i) + ", Euler", false, true);
      euler.get(i).forEach(p -> s.add(p.nfe(), p.w2()));
      data.addSeries(s);
      renderer.setSeriesPaint(series, stageColour(i));
      renderer.setSeriesShape(series, dot(7));
      renderer.setSeriesStroke(series, new BasicStroke(1.8f));
      series++;
    }
    for (int i = 0; i < stages.size(); i++) {
      if (rk45.get(i) == null) {
        continue;
      }
      XYSeries s = new XYSeries(stages.get(i) + ", RK45", false, true);
      s.add(rk45.get(i).nfe(), rk45.get(i).w2());
      data.addSeries(s);
      renderer.setSeriesPaint(series, stageColour(i));
      renderer.setSeriesShape(series, ShapeUtils.createDiamond(6));
      renderer.setSeriesLinesVisible(series, false);
      series++;
    }
    NumberAxis y = new NumberAxis("sliced W2 to the target (units of z)");
    JFreeChart chart = chart("Distance to the target against sampling cost", new XYPlot(data, nfeAxis(), y, renderer));
    chart.addSubtitle(new TextTitle("sliced W2 (" + DistanceVsNfe.PROJECTIONS + " directions) between samples and a draw of π1; lower left is better",
        SUBTITLE));
    return png(chart, WIDE, TALL);
  }

  /** Straightness and transport cost of each stage's flow, stages ordered by k. */
  public static byte[] straightness(List<String> stages, double[] straightness, double[] transportCost) {
    DefaultCategoryDataset s = new DefaultCategoryDataset();
    DefaultCategoryDataset t = new DefaultCategoryDataset();
    for (int i = 0; i < stages.size(); i++) {
      s.addValue(straightness[i], "straightness S", stages.get(i));
      t.addValue(transportCost[i], "transport cost E‖Z1 − Z0‖²", stages.get(i));
    }
    CategoryAxis k = new CategoryAxis("rectified flow (k-RF), from each stage's latest checkpoint");
    k.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(k);
    plot.add(categoryPlot(s, "S (units of z²)", stageColour(0)), 1);
    plot.add(categoryPlot(t, "E‖Z1 − Z0‖² (units of z²)", stageColour(1)), 1);
    JFreeChart chart = chart("Straightness and transport cost against k", plot);
    chart.addSubtitle(new TextTitle("on a " + StageFigures.EULER_STEPS + "-step Euler path from the same draw of π0;"
        + " straightness 0 means straight paths", SUBTITLE));
    return png(chart, WIDE, TALL + 60);
  }

  /** Samples of a flow (the stage's colour) over a draw of the target (grey). */
  public static byte[] samples(String title, Points target, Points samples, Color colour, String samplesName) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(cloud("target π1", target));
    data.addSeries(cloud(samplesName, samples));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    renderer.setSeriesPaint(0, TARGET);
    renderer.setSeriesShape(0, dot(3));
    renderer.setSeriesPaint(1, translucent(colour, 150));
    renderer.setSeriesShape(1, dot(3));
    return png(chart(title, square(data, renderer, target, samples)), SQUARE, SQUARE);
  }

  /** Paths from π0 (circles) to their ends (squares), in the stage's colour, over the target. */
  public static byte[] trajectories(String title, List<Points> paths, Points target, Color colour) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    data.addSeries(cloud("target π1", target));
    renderer.setSeriesPaint(0, TARGET);
    renderer.setSeriesShape(0, dot(3));
    XYSeries starts = new XYSeries("start Z0 ~ π0", false, true);
    XYSeries ends = new XYSeries("end Z1", false, true);
    for (int i = 0; i < paths.size(); i++) {
      Points path = paths.get(i);
      XYSeries line = new XYSeries("path " + i, false, true);
      for (int k = 0; k < path.count(); k++) {
        line.add(path.get(k, 0), path.get(k, 1));
      }
      starts.add(path.get(0, 0), path.get(0, 1));
      ends.add(path.get(path.count() - 1, 0), path.get(path.count() - 1, 1));
      int series = data.getSeriesCount();
      data.addSeries(line);
      renderer.setSeriesLinesVisible(series, true);
      renderer.setSeriesShapesVisible(series, false);
      renderer.setSeriesPaint(series, translucent(colour, 190));
      renderer.setSeriesVisibleInLegend(series, false);
    }
    int first = data.getSeriesCount(); // the ends of the paths on top of them
    data.addSeries(starts);
    data.addSeries(ends);
    renderer.setSeriesPaint(first, Color.BLACK);
    renderer.setSeriesShape(first, dot(6));
    renderer.setSeriesPaint(first + 1, colour.darker());
    renderer.setSeriesShape(first + 1, new Rectangle2D.Double(-3, -3, 6, 6));
    JFreeChart chart = chart(title, square(data, renderer, target, target));
    chart.addSubtitle(new TextTitle(paths.size() + " particles, Euler " + StageFigures.EULER_STEPS + " steps", SUBTITLE));
    return png(chart, SQUARE, SQUARE);
  }

  /** Segments X0 → X1 of a coupling's pairs, with their crossings marked. */
  public static byte[] coupling(String title, CouplingView view, Color colour) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    data.addSeries(cloud("X0", view.z0()));
    data.addSeries(cloud("X1", view.z1()));
    data.addSeries(cloud("crossing", view.crossings().points()));
    renderer.setSeriesPaint(0, Color.BLACK);
    renderer.setSeriesShape(0, dot(3));
    renderer.setSeriesPaint(1, colour.darker());
    renderer.setSeriesShape(1, dot(3));
    // crossings under the segments, small: an independent coupling's few hundred segments cross thousands of times
    renderer.setSeriesPaint(2, translucent(CROSSING, 140));
    renderer.setSeriesShape(2, ShapeUtils.createDiagonalCross(1.8f, 0.4f));
    for (int i = 0; i < view.z0().count(); i++) {
      XYSeries segment = new XYSeries("segment " + i, false, true);
      segment.add(view.z0().get(i, 0), view.z0().get(i, 1));
      segment.add(view.z1().get(i, 0), view.z1().get(i, 1));
      int series = data.getSeriesCount();
      data.addSeries(segment);
      renderer.setSeriesLinesVisible(series, true);
      renderer.setSeriesShapesVisible(series, false);
      renderer.setSeriesPaint(series, translucent(colour, 110));
      renderer.setSeriesStroke(series, new BasicStroke(0.6f));
      renderer.setSeriesVisibleInLegend(series, false);
    }
    JFreeChart chart = chart(title, square(data, renderer, view.z0(), view.z1()));
    chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%d segments: %,d of %,d pairs cross (P = %.4f)",
        view.z0().count(), view.crossings().points().count(), view.crossings().pairs(), view.crossings().probability()), SUBTITLE));
    return png(chart, SQUARE, SQUARE);
  }

  /** Function evaluations on a base-2 log axis, ticks at powers of two. */
  static LogAxis nfeAxis() {
    LogAxis x = new LogAxis("function evaluations per sample (NFE, log scale)");
    x.setBase(2);
    x.setTickUnit(new NumberTickUnit(1));
    x.setNumberFormatOverride(new DecimalFormat("0"));
    x.setSmallestValue(0.5);
    return x;
  }

  private static CategoryPlot categoryPlot(DefaultCategoryDataset data, String label, Color colour) {
    LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, colour);
    renderer.setSeriesShape(0, dot(8));
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    NumberAxis axis = new NumberAxis(label);
    CategoryPlot plot = new CategoryPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }

  /** A 2-D plot with equal, shared ranges on both axes, so shapes are not distorted. */
  private static XYPlot square(XYSeriesCollection data, XYLineAndShapeRenderer renderer, Points a, Points b) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Points p : List.of(a, b)) {
      for (float v : p.values()) {
        if (Float.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!(max > min)) {
      min = -1;
      max = 1;
    }
    double pad = 0.05 * (max - min);
    ValueAxis x = new NumberAxis("z₁ (data units)");
    ValueAxis y = new NumberAxis("z₂ (data units)");
    x.setRange(min - pad, max + pad);
    y.setRange(min - pad, max + pad);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // the target first, underneath
    return plot;
  }

  private static XYSeries cloud(String name, Points points) {
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < points.count(); i++) {
      s.add(points.get(i, 0), points.get(i, 1));
    }
    return s;
  }

  static JFreeChart chart(String title, Plot plot) {
    if (plot instanceof XYPlot xy) {
      xy.setBackgroundPaint(Color.WHITE);
      xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
      xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** ImageIO's PNG writer maps quality q to deflate level 9 − round(9q). */
  private static final float PNG_QUALITY = 0.7f;

  static Shape dot(double size) {
    return new Ellipse2D.Double(-size / 2, -size / 2, size, size);
  }

  private static Color translucent(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  /**
   * The chart as an opaque PNG at deflate level 3 or so: {@code ChartUtils}' default (alpha, level 9)
   * took 1.7 of the main job's 2.9 s of chart CPU for files only 10% smaller; this takes 0.2 s.
   */
  static byte[] png(JFreeChart chart, int width, int height) {
    BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(PNG_QUALITY);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a chart as PNG: " + e.getMessage(), e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
