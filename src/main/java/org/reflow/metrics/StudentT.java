package org.reflow.metrics;

/**
 * Student's t distribution with {@code df} degrees of freedom: its CDF through the regularized
 * incomplete beta function, and its quantiles by bisection on the CDF (to 1e-12), for confidence
 * intervals over a handful of replicates.
 */
public final class StudentT {

  private StudentT() {}

  /** P(T ≤ t): for t ≥ 0, 1 − ½·I_{df/(df+t²)}(df/2, ½) (Abramowitz &amp; Stegun 26.7.1). */
  public static double cdf(double t, int df) {
    requireDf(df);
    double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
    return t >= 0 ? 1 - tail : tail;
  }

  /** The t with P(T ≤ t) = p, for 0 &lt; p &lt; 1: e.g. quantile(0.975, 4) = 2.776. */
  public static double quantile(double p, int df) {
    requireDf(df);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a quantile needs a probability strictly between 0 and 1, got " + p);
    }
    if (p < 0.5) {
      return -quantile(1 - p, df);
    }
    double low = 0;
    double high = 1;
    while (cdf(high, df) < p) {
      high *= 2;
    }
    while (high - low > 1e-12 * Math.max(1, high)) {
      double mid = 0.5 * (low + high);
      if (cdf(mid, df) < p) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return 0.5 * (low + high);
  }

  private static void requireDf(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("Student's t needs at least 1 degree of freedom, got " + df);
    }
  }

  /** I_x(a, b) by its continued fraction (Numerical Recipes 6.4), on the side where it converges fast. */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    return x < (a + 1) / (a + b + 2) ? front * betaFraction(x, a, b) / a : 1 - front * betaFraction(1 - x, b, a) / b;
  }

  /** The continued fraction of I_x(a, b), by the modified Lentz method. */
  private static double betaFraction(double x, double a, double b) {
    final double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 500; m++) {
      int m2 = 2 * m;
      double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 / nonZero(1 + even * d, tiny);
      c = nonZero(1 + even / c, tiny);
      h *= d * c;
      double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 / nonZero(1 + odd * d, tiny);
      c = nonZero(1 + odd / c, tiny);
      double step = d * c;
      h *= step;
      if (Math.abs(step - 1) < 1e-15) {
        break;
      }
    }
    return h;
  }

  private static double nonZero(double v, double tiny) {
    return Math.abs(v) < tiny ? tiny : v;
  }

  /** ln Γ(x) for x &gt; 0, Lanczos (g = 7, 9 terms), accurate to ~1e-15. */
  static double logGamma(double x) {
    final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x); // reflection
    }
    x -= 1;
    double sum = c[0];
    for (int i = 1; i < c.length; i++) {
      sum += c[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
