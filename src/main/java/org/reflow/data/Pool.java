package org.reflow.data;

import org.reflow.rand.Rng;

/**
 * A fixed, finite sample standing in for a distribution: M points drawn once (the paper's toy
 * experiments use M = 10,000), then sampled uniformly with replacement.
 */
public final class Pool implements Distribution {

  private final Points points;

  private Pool(Points points) {
    if (points.count() == 0) {
      throw new IllegalArgumentException("a pool needs at least one point, got 0 x " + points.dim());
    }
    this.points = points;
  }

  /** A pool of these points; it keeps them, not a copy. */
  public static Pool of(Points points) {
    return new Pool(points);
  }

  /** A pool of {@code size} points drawn from {@code source} with {@code rng}. */
  public static Pool draw(Distribution source, Rng rng, int size) {
    return new Pool(source.sample(rng, size));
  }

  /** The pool's members; do not modify them. */
  public Points points() {
    return points;
  }

  public int size() {
    return points.count();
  }

  @Override
  public int dim() {
    return points.dim();
  }

  @Override
  public void sample(Rng rng, float[] out, int count) {
    int dim = points.dim();
    for (int p = 0; p < count; p++) {
      System.arraycopy(points.values(), rng.nextInt(points.count()) * dim, out, p * dim, dim);
    }
  }
}
