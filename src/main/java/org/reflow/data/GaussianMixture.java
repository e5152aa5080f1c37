package org.reflow.data;

import java.util.Arrays;
import java.util.List;
import org.reflow.rand.Rng;

/**
 * A mixture Σ_k w_k N(μ_k, Σ_k) of Gaussians of one dim. A point picks component k with
 * probability w_k (from a cumulative table built once), then samples it.
 */
public final class GaussianMixture implements Distribution {

  private final List<Gaussian> components;
  private final double[] weights;
  /** cumulative[k] = w_0 + ... + w_k, with the last entry exactly 1. */
  private final double[] cumulative;

  /**
   * @param weights one per component, ≥ 0 and not all 0; normalised to sum to 1
   */
  public GaussianMixture(List<Gaussian> components, double[] weights) {
    if (components.isEmpty() || weights.length != components.size()) {
      throw new IllegalArgumentException("a mixture needs at least one component and one weight per component, got "
          + components.size() + " components and " + weights.length + " weights");
    }
    for (int k = 1; k < components.size(); k++) {
      if (components.get(k).dim() != components.get(0).dim()) {
        throw new IllegalArgumentException("mixture components must share one dim: component " + k + " has dim "
            + components.get(k).dim() + ", component 0 has dim " + components.get(0).dim());
      }
    }
    double total = 0;
    for (int k = 0; k < weights.length; k++) {
      if (!(weights[k] >= 0) || !Double.isFinite(weights[k])) {
        throw new IllegalArgumentException("mixture weight " + k + " is " + weights[k] + "; weights must be finite and >= 0");
      }
      total += weights[k];
    }
    if (total == 0) {
      throw new IllegalArgumentException("all " + weights.length + " mixture weights are 0; at least one must be > 0");
    }
    this.components = List.copyOf(components);
    this.weights = new double[weights.length];
    this.cumulative = new double[weights.length];
    double sum = 0;
    for (int k = 0; k < weights.length; k++) {
      this.weights[k] = weights[k] / total;
      sum += this.weights[k];
      cumulative[k] = sum;
    }
    cumulative[weights.length - 1] = 1;
  }

  /** The mixture giving each component the same weight. */
  public static GaussianMixture equalWeights(List<Gaussian> components) {
    double[] weights = new double[components.size()];
    Arrays.fill(weights, 1);
    return new GaussianMixture(components, weights);
  }

  public List<Gaussian> components() {
    return components;
  }

  /** The normalised weights, summing to 1. */
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public int dim() {
    return components.get(0).dim();
  }

  @Override
  public void sample(Rng rng, float[] out, int count) {
    int dim = dim();
    for (int p = 0; p < count; p++) {
      components.get(component(rng.nextDouble())).samplePoint(rng, out, p * dim);
    }
  }

  /** The first k with u < cumulative[k], by bisection: component k has probability w_k. */
  private int component(double u) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (u < cumulative[middle]) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }
}
