package org.reflow.metrics;

import java.util.List;

/**
 * A mean over replicates with its spread: the sample standard deviation (n − 1 in the
 * denominator) and the 95% confidence interval of the mean, mean ± t_{0.975, n−1}·std/√n
 * (Student t: exact for normal values, honest for a handful of seeds). With one value the
 * spread is unknown: std and the interval are NaN.
 *
 * @param n how many values
 * @param low the interval's lower end
 * @param high the interval's upper end
 */
public record Estimate(int n, double mean, double std, double low, double high) {

  /** The estimate of the finite values in {@code values} (a metric a replicate did not record is left out). */
  public static Estimate of(List<Double> values) {
    double[] v = values.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).toArray();
    if (v.length == 0) {
      throw new IllegalArgumentException("an estimate needs at least one finite value, got " + values);
    }
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    if (v.length == 1) {
      return new Estimate(1, mean, Double.NaN, Double.NaN, Double.NaN);
    }
    double squares = 0;
    for (double x : v) {
      squares += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(squares / (v.length - 1)); // s² = Σ(x − x̄)² / (n − 1)
    double half = StudentT.quantile(0.975, v.length - 1) * std / Math.sqrt(v.length);
    return new Estimate(v.length, mean, std, mean - half, mean + half);
  }

  /** Half the interval's width: the ± of "mean ± half-width" (NaN with one value). */
  public double halfWidth() {
    return (high - low) / 2;
  }

  /** "2.31 ± 0.42 (n=5)", or "2.31 (n=1)" when there is no interval; values in {@code format} (e.g. %.3g). */
  public String describe(String format) {
    String m = String.format(format, mean);
    return n < 2 ? m + " (n=1)" : m + " ± " + String.format(format, halfWidth()) + " (n=" + n + ")";
  }
}
