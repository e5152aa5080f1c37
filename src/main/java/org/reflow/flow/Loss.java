package org.reflow.flow;

/** Per-sample penalty on the velocity residual d = v(X_t, t) − (X1 − X0), averaged over the batch. */
public sealed interface Loss {

  /**
   * Returns the batch loss and writes dLoss/dv into {@code gradient}, for {@code count} rows of
   * {@code dim} values: prediction v, regression target y.
   */
  double evaluate(float[] prediction, float[] target, float[] gradient, int count, int dim);

  /** Reads "squared" or "pseudo-huber:C", as {@code toString} writes them. */
  static Loss parse(String text) {
    if (text.equals("squared")) {
      return new Squared();
    }
    if (text.startsWith("pseudo-huber:")) {
      try {
        return new PseudoHuber(Double.parseDouble(text.substring("pseudo-huber:".length())));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException("unknown loss '" + text + "': use squared or pseudo-huber:<c>, e.g. pseudo-huber:0.001");
  }

  /** ‖d‖² summed over dimensions, mean over the batch: the rectified-flow objective (Liu et al. 2022, Eq. 1). */
  record Squared() implements Loss {
    @Override
    public double evaluate(float[] prediction, float[] target, float[] gradient, int count, int dim) {
      double total = 0;
      float scale = 2f / count; // d/dv (1/B)Σ‖d‖² = 2d/B
      for (int i = 0, n = count * dim; i < n; i++) {
        float d = prediction[i] - target[i];
        total += d * d;
        gradient[i] = scale * d;
      }
      return total / count;
    }

    @Override
    public String toString() {
      return "squared";
    }
  }

  /**
   * Pseudo-Huber √(‖d‖² + c²) − c (Song &amp; Dhariwal 2023; Lee et al. 2024 use it for reflow),
   * quadratic near zero and linear in the tails. c defaults to 0.00054·√dim in those papers.
   */
  record PseudoHuber(double c) implements Loss {
    public PseudoHuber {
      if (!(c > 0)) {
        throw new IllegalArgumentException("pseudo-Huber needs c > 0, got " + c);
      }
    }

    @Override
    public double evaluate(float[] prediction, float[] target, float[] gradient, int count, int dim) {
      double total = 0;
      double c2 = c * c;
      for (int r = 0; r < count; r++) {
        int base = r * dim;
        double sq = 0;
        for (int k = 0; k < dim; k++) {
          float d = prediction[base + k] - target[base + k];
          sq += d * d;
        }
        double root = Math.sqrt(sq + c2);
        total += root - c;
        float scale = (float) (1.0 / (root * count)); // d/dv = d / (B·√(‖d‖² + c²))
        for (int k = 0; k < dim; k++) {
          gradient[base + k] = scale * (prediction[base + k] - target[base + k]);
        }
      }
      return total / count;
    }

    @Override
    public String toString() {
      return "pseudo-huber:" + c;
    }
  }
}
