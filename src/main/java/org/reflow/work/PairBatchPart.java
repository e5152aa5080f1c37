package org.reflow.work;

import java.util.Arrays;
import java.util.Objects;
import org.reflow.experiment.CborSerializable;

/**
 * Part {@code part} of {@code parts} of pair batch {@code batch}: its rows {@code rowOffset} to
 * {@code rowOffset + rows - 1} of {@code count}, {@code dim} values each, row-major. A batch larger
 * than Artery's frame crosses nodes as a run of these, cut and joined by {@link PairFrames}.
 */
public record PairBatchPart(long batch, int part, int parts, int count, int dim, int rowOffset, int rows,
    float[] z0, float[] z1) implements CborSerializable {

  public PairBatchPart {
    if (parts < 1 || part < 0 || part >= parts || rows < 0 || rowOffset < 0 || (long) rowOffset + rows > count
        || z0.length != rows * dim || z1.length != rows * dim) {
      throw new IllegalArgumentException("part " + part + " of " + parts + " of pair batch " + batch + " claims rows "
          + rowOffset + "+" + rows + " of " + count + " x " + dim + " but holds " + z0.length + " values in z0 and "
          + z1.length + " in z1");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairBatchPart p && batch == p.batch && part == p.part && parts == p.parts && count == p.count
        && dim == p.dim && rowOffset == p.rowOffset && rows == p.rows && Arrays.equals(z0, p.z0) && Arrays.equals(z1, p.z1);
  }

  @Override
  public int hashCode() {
    return Objects.hash(batch, part, parts, rowOffset, Arrays.hashCode(z0), Arrays.hashCode(z1));
  }

  @Override
  public String toString() {
    return "PairBatchPart[batch=" + batch + ", part=" + part + "/" + parts + ", rows=" + rowOffset + "+" + rows
        + " of " + count + ", dim=" + dim + "]";
  }
}
