package org.reflow.flow;

import org.reflow.rand.Rng;

/** How training draws t ∈ [0, 1] for each pair. */
public sealed interface TimeSampling {

  float sample(Rng rng);

  /** t ~ U[0, 1], the paper's choice. */
  record Uniform() implements TimeSampling {
    @Override
    public float sample(Rng rng) {
      return (float) rng.nextDouble();
    }

    @Override
    public String toString() {
      return "uniform";
    }
  }

  /** t = σ(m + s·ε), ε ~ N(0, 1) (Esser et al. 2024, SD3; defaults m = 0, s = 1). */
  record LogitNormal(double mean, double std) implements TimeSampling {
    public LogitNormal {
      if (!(std > 0)) {
        throw new IllegalArgumentException("logit-normal time sampling needs std > 0, got " + std);
      }
    }

    @Override
    public float sample(Rng rng) {
      return (float) (1.0 / (1.0 + Math.exp(-(mean + std * rng.nextGaussian()))));
    }

    @Override
    public String toString() {
      return "logit-normal:" + mean + ":" + std;
    }
  }

  /**
   * U-shaped density p(t) ∝ cosh(a(t − ½)), more weight near both ends where reflow's error
   * concentrates (Lee et al. 2024, "Improving the training of rectified flows"; a = 4 there).
   * Drawn by inverting the CDF: t = ½ + asinh((2u − 1)·sinh(a/2)) / a.
   */
  record UShaped(double a) implements TimeSampling {
    public UShaped {
      if (!(a > 0)) {
        throw new IllegalArgumentException("U-shaped time sampling needs a > 0, got " + a);
      }
    }

    @Override
    public float sample(Rng rng) {
      double x = (2 * rng.nextDouble() - 1) * Math.sinh(a / 2);
      double asinh = Math.log(x + Math.sqrt(x * x + 1));
      return (float) (0.5 + asinh / a);
    }

    @Override
    public String toString() {
      return "u-shaped:" + a;
    }
  }

  /**
   * Distillation: t uniform on the grid {0, 1/k, …, (k−1)/k}; k = 1 trains a one-step model
   * at t = 0 only (Liu et al. 2022, Sec. 2.3).
   */
  record Grid(int points) implements TimeSampling {
    public Grid {
      if (points <= 0) {
        throw new IllegalArgumentException("a distillation grid needs at least one point, got " + points);
      }
    }

    @Override
    public float sample(Rng rng) {
      return points == 1 ? 0f : (float) rng.nextInt(points) / points;
    }

    @Override
    public String toString() {
      return "grid:" + points;
    }
  }

  /** Parses "uniform", "logit-normal[:m:s]", "u-shaped[:a]", "grid:k", with an error listing the forms. */
  static TimeSampling parse(String text) {
    String[] parts = text.trim().split(":");
    try {
      switch (parts[0]) {
        case "uniform":
          if (parts.length == 1) {
            return new Uniform();
          }
          break;
        case "logit-normal":
          if (parts.length == 1) {
            return new LogitNormal(0, 1);
          }
          if (parts.length == 3) {
            return new LogitNormal(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
          }
          break;
        case "u-shaped":
          if (parts.length <= 2) {
            return new UShaped(parts.length == 1 ? 4 : Double.parseDouble(parts[1]));
          }
          break;
        case "grid":
          if (parts.length == 2) {
            return new Grid(Integer.parseInt(parts[1]));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "unknown time sampling '" + text + "': use uniform, logit-normal[:mean:std], u-shaped[:a] or grid:k");
  }
}
