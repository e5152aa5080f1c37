package org.reflow.flow;

import org.reflow.flow.solve.VelocityField;

/**
 * A {@link VelocityMlp} seen as a velocity field: evaluates any number of points in blocks of
 * exactly {@link #BLOCK_ROWS} rows through buffers created on first use. Holds buffers, so one
 * instance per thread.
 *
 * <p>Every matrix product has the same shape, whatever the count: OpenBLAS chooses its inner
 * kernels, edge tiles and thread split by shape (and differently on each CPU kernel), so a
 * product of 50 rows may round a row differently from one of 100 rows. With one shape, a point's
 * velocity depends only on the point, t, the weights and its place in its block, and the same
 * points give the same bytes in the Simulator, the Evaluator, {@code sample} and a regenerated
 * shard, on every kernel.
 */
public final class MlpField implements VelocityField {

  /** Rows of every product: small enough for a handful of points, large enough to keep BLAS busy. */
  static final int BLOCK_ROWS = 256;

  private final VelocityMlp model;
  private MlpBuffers buffers;

  MlpField(VelocityMlp model) {
    this.model = model;
  }

  @Override
  public int dim() {
    return model.spec().dim();
  }

  @Override
  public void evaluate(float[] z, int count, double t, float[] out) {
    int dim = dim();
    if (buffers == null) {
      buffers = new MlpBuffers(model.spec(), BLOCK_ROWS);
    }
    for (int start = 0; start < count; start += BLOCK_ROWS) {
      int n = Math.min(BLOCK_ROWS, count - start);
      // Rows past n keep stale inputs: each output row depends on its own input row only.
      buffers.load(z, start * dim, (float) t, n);
      model.forward(buffers);
      System.arraycopy(buffers.outputHeap, 0, out, start * dim, n * dim);
    }
  }
}
