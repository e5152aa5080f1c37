package org.reflow.work;

import java.util.Arrays;
import java.util.Objects;
import org.reflow.experiment.CborSerializable;

/**
 * Batch {@code index} of a coupling: {@code count} pairs (X0, X1) of {@code dim} values each,
 * row-major. The element of the pair streams between a Coupler and a Trainer; equal by value,
 * so a batch that crossed a node compares equal to the one sent.
 */
public record PairBatch(long index, int count, int dim, float[] z0, float[] z1) implements CborSerializable {

  public PairBatch {
    if (z0.length != count * dim || z1.length != count * dim) {
      throw new IllegalArgumentException("pair batch " + index + " claims " + count + " x " + dim
          + " values but holds " + z0.length + " in z0 and " + z1.length + " in z1");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairBatch b && index == b.index && count == b.count && dim == b.dim
        && Arrays.equals(z0, b.z0) && Arrays.equals(z1, b.z1);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, count, dim, Arrays.hashCode(z0), Arrays.hashCode(z1));
  }

  @Override
  public String toString() {
    return "PairBatch[index=" + index + ", count=" + count + ", dim=" + dim + "]";
  }
}
