package org.reflow.flow;

import org.reflow.flow.solve.VelocityField;

/**
 * A {@link VelocityMlp} seen as a velocity field: evaluates any number of points in chunks
 * through buffers created on first use. Holds buffers, so one instance per thread.
 */
public final class MlpField implements VelocityField {

  private final VelocityMlp model;
  private final int maxChunk;
  private MlpBuffers buffers;

  MlpField(VelocityMlp model, int maxChunk) {
    this.model = model;
    this.maxChunk = maxChunk;
  }

  @Override
  public int dim() {
    return model.spec().dim();
  }

  @Override
  public void evaluate(float[] z, int count, double t, float[] out) {
    int dim = dim();
    int rows = Math.min(count, maxChunk);
    if (buffers == null || buffers.rows < rows) {
      buffers = new MlpBuffers(model.spec(), rows);
    }
    for (int start = 0; start < count; start += buffers.rows) {
      int n = Math.min(buffers.rows, count - start);
      // Rows past n keep stale inputs; each output row depends on its own input row only.
      buffers.load(z, start * dim, (float) t, n);
      model.forward(buffers);
      System.arraycopy(buffers.outputHeap, 0, out, start * dim, n * dim);
    }
  }
}
