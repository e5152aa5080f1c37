package org.reflow.flow;

/**
 * Where a training step gets its (X0, X1) pairs. Batch n must be a pure function of n (and of
 * the source's own seed), so a resumed run sees the same batches as an uninterrupted one.
 */
public interface PairBatches {

  int dim();

  /** Writes batch {@code index}: {@code count} pairs, row-major, into z0 and z1. */
  void fill(long index, float[] z0, float[] z1, int count);
}
