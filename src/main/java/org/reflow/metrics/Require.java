package org.reflow.metrics;

import org.reflow.data.Points;

/** Argument checks shared by the metrics, with messages that name the metric. */
final class Require {

  private Require() {}

  /** Both sets non-empty and of one dimension; counts may differ. */
  static void comparable(Points a, Points b, String metric) {
    if (a.dim() != b.dim()) {
      throw new IllegalArgumentException(
          metric + " needs points of one dimension, got " + a.dim() + " and " + b.dim());
    }
    if (a.count() == 0 || b.count() == 0) {
      throw new IllegalArgumentException(
          metric + " needs at least one point per set, got " + a.count() + " and " + b.count());
    }
  }

  /** {@link #comparable} and equal counts. */
  static void sameShape(Points a, Points b, String metric) {
    comparable(a, b, metric);
    if (a.count() != b.count()) {
      throw new IllegalArgumentException(
          metric + " needs equal point counts, got " + a.count() + " and " + b.count()
              + "; subsample the larger set to " + Math.min(a.count(), b.count()) + " points");
    }
  }
}
