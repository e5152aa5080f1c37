package org.reflow.work;

import java.util.Arrays;
import java.util.Objects;
import org.reflow.experiment.CborSerializable;

/**
 * Part {@code part} of {@code parts} of pair batch {@code batch}: its rows {@code rowOffset} to
 * {@code rowOffset + rows - 1} of {@code count}, {@code dim} values each, row-major, as the bits of
 * float32 little-endian ({@link Float#floatToRawIntBits}: exact, NaN payloads included). A batch
 * larger than Artery's frame crosses nodes as a run of these, cut and joined by {@link PairFrames}.
 *
 * <p>Bytes, not {@code float[]}: Jackson writes a CBOR float array one 5-byte value at a time, and
 * that measured 40–50 MB/s serialized and read back, against 170–1,000 MB/s for the same values as
 * one CBOR byte string (a 128 KiB part, on a loaded 2-core machine).
 */
public record PairBatchPart(long batch, int part, int parts, int count, int dim, int rowOffset, int rows,
    byte[] z0, byte[] z1) implements CborSerializable {

  public PairBatchPart {
    if (parts < 1 || part < 0 || part >= parts || rows < 0 || rowOffset < 0 || (long) rowOffset + rows > count
        || z0.length != Float.BYTES * rows * dim || z1.length != Float.BYTES * rows * dim) {
      throw new IllegalArgumentException("part " + part + " of " + parts + " of pair batch " + batch + " claims rows "
          + rowOffset + "+" + rows + " of " + count + " x " + dim + " but holds " + z0.length + " bytes in z0 and "
          + z1.length + " in z1 (4 a value)");
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
