package org.reflow.work;

import org.reflow.flow.PairBatches;

/**
 * The engine's view of a pair stream: {@link org.reflow.flow.FlowTrainer} asks for batch n by
 * index, and this answers with the batch the stream just delivered — after checking it is batch n,
 * so a stream opened at the wrong batch or out of order fails the stage instead of silently
 * training on other pairs than an uninterrupted run would.
 */
final class StreamedPairs implements PairBatches {

  private final int dim;
  private PairBatch current;

  StreamedPairs(int dim) {
    this.dim = dim;
  }

  /** The batch the next training step will use. */
  void offer(PairBatch batch) {
    if (batch.dim() != dim) {
      throw new IllegalArgumentException("pair batch " + batch.index() + " is " + batch.dim()
          + "-dimensional but the model is " + dim + "-dimensional; make model.dim match the coupling's data");
    }
    current = batch;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public void fill(long index, float[] z0, float[] z1, int count) {
    if (current == null || current.index() != index) {
      throw new IllegalStateException("training step " + index + " needs pair batch " + index + " but the stream delivered "
          + (current == null ? "none" : "batch " + current.index())
          + "; open the pairs from batch " + index + " (the stage's completed steps)");
    }
    if (current.count() != count) {
      throw new IllegalArgumentException("pair batch " + index + " holds " + current.count()
          + " pairs but training uses batches of " + count + "; open the pairs with the training batch size");
    }
    System.arraycopy(current.z0(), 0, z0, 0, count * dim);
    System.arraycopy(current.z1(), 0, z1, 0, count * dim);
  }
}
