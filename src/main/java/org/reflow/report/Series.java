package org.reflow.report;

/**
 * One named line or point cloud of a chart: the numbers a plot is drawn from, kept apart from the
 * drawing so tests can check them.
 */
public record Series(String name, double[] x, double[] y) {

  public Series {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but " + y.length + " y values");
    }
  }

  public int size() {
    return x.length;
  }
}
