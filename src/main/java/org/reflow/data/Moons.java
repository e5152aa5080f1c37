package org.reflow.data;

import org.reflow.rand.Rng;

/**
 * Two interleaving half circles, the geometry of scikit-learn's {@code make_moons}: the upper moon
 * (cos θ, sin θ) and the lower moon (1 − cos θ, ½ − sin θ) for θ in [0, π), each chosen with
 * probability ½, θ uniform (make_moons spaces θ evenly instead), plus N(0, noise²) on each axis.
 * Without noise, x spans [−1, 2], the upper moon's y [0, 1], the lower moon's y [−½, ½].
 *
 * @param noise standard deviation of the added Gaussian noise, ≥ 0, in the units of the points
 */
record Moons(double noise) implements Distribution {

  Moons {
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("moons noise is a standard deviation: finite and >= 0, got " + noise);
    }
  }

  @Override
  public int dim() {
    return 2;
  }

  @Override
  public void sample(Rng rng, float[] out, int count) {
    for (int p = 0; p < count; p++) {
      boolean upper = rng.nextDouble() < 0.5;
      double theta = Math.PI * rng.nextDouble();
      // make_moons: upper (cos θ, sin θ), lower (1 − cos θ, 1/2 − sin θ)
      double x = upper ? Math.cos(theta) : 1 - Math.cos(theta);
      double y = upper ? Math.sin(theta) : 0.5 - Math.sin(theta);
      out[2 * p] = (float) (x + noise * rng.nextGaussian());
      out[2 * p + 1] = (float) (y + noise * rng.nextGaussian());
    }
  }
}
