package org.reflow.metrics;

import org.reflow.data.Points;
import org.reflow.rand.Rng;

/** Point sets for the metric tests. */
final class TestPoints {

  private TestPoints() {}

  static Rng rng(long seed, String purpose) {
    return Rng.of(seed, "metrics-test", purpose, 0);
  }

  /** n draws of N(mean, s² I). */
  static Points gaussian(Rng rng, int n, double s, double... mean) {
    int dim = mean.length;
    float[] v = new float[n * dim];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < dim; k++) {
        v[i * dim + k] = (float) (mean[k] + s * rng.nextGaussian());
      }
    }
    return new Points(n, dim, v);
  }

  /** n draws uniform on [0, 1)^dim. */
  static Points uniform(Rng rng, int n, int dim) {
    float[] v = new float[n * dim];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) rng.nextDouble();
    }
    return new Points(n, dim, v);
  }

  /** {@code x} translated by {@code shift}. */
  static Points shifted(Points x, double... shift) {
    float[] v = x.values().clone();
    for (int k = 0; k < v.length; k++) {
      v[k] += (float) shift[k % x.dim()];
    }
    return new Points(x.count(), x.dim(), v);
  }

  static Points of(int dim, float... values) {
    return new Points(values.length / dim, dim, values);
  }
}
