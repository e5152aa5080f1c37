package org.reflow.serve;

import java.util.ArrayList;
import java.util.List;
import org.reflow.report.Series;

/**
 * Thins a long series for a chart without hiding what matters in it: the points are cut into
 * equal runs and each run keeps its lowest and its highest point (in their order), so a spike or
 * a dip of the loss survives however long the training; the first and last points always stay.
 */
final class Downsample {

  private Downsample() {}

  /** At most about {@code 2 × buckets + 2} points of {@code s}; {@code s} itself when it is short enough. */
  static Series extremes(Series s, int buckets) {
    int n = s.size();
    if (buckets < 1) {
      throw new IllegalArgumentException("a chart needs at least one bucket, got " + buckets);
    }
    if (n <= 2 * buckets + 2) {
      return s;
    }
    List<Integer> kept = new ArrayList<>();
    kept.add(0);
    for (int b = 0; b < buckets; b++) {
      int from = 1 + (int) ((long) b * (n - 2) / buckets);
      int to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
      int low = from;
      int high = from;
      for (int i = from; i < to; i++) {
        if (s.y()[i] < s.y()[low]) {
          low = i;
        }
        if (s.y()[i] > s.y()[high]) {
          high = i;
        }
      }
      if (to > from) {
        kept.add(Math.min(low, high));
        if (low != high) {
          kept.add(Math.max(low, high));
        }
      }
    }
    kept.add(n - 1);
    double[] x = new double[kept.size()];
    double[] y = new double[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      x[i] = s.x()[kept.get(i)];
      y[i] = s.y()[kept.get(i)];
    }
    return new Series(s.name(), x, y);
  }
}
