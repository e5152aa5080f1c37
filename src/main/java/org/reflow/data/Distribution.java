package org.reflow.data;

import org.reflow.rand.Rng;

/**
 * A distribution of points in {@code dim()} dimensions that can be sampled with a given
 * generator: the same generator state gives the same points.
 */
public interface Distribution {

  int dim();

  /**
   * Writes {@code count} points row-major into {@code out[0 .. count * dim())}, drawing only from
   * {@code rng}. Allocates nothing: this runs in the training loop, into a reused buffer.
   */
  void sample(Rng rng, float[] out, int count);

  /** {@code count} fresh points; allocates their array. */
  default Points sample(Rng rng, int count) {
    float[] values = new float[count * dim()];
    sample(rng, values, count);
    return new Points(count, dim(), values);
  }
}
