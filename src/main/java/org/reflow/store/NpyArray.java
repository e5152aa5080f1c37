package org.reflow.store;

import java.util.Arrays;

/**
 * A float32 array as stored in a {@code .npy} file: its shape and its values in C order (last
 * axis fastest). A shape of length 0 is a scalar holding one value.
 *
 * <p>The record shares its arrays with the caller; neither is copied. Like any record over arrays,
 * {@code equals} compares the arrays' identity: compare contents with {@link Arrays#equals}.
 */
public record NpyArray(int[] shape, float[] data) {

  public NpyArray {
    long elements = 1;
    for (int extent : shape) {
      if (extent < 0) {
        throw new IllegalArgumentException("array shape " + Arrays.toString(shape) + " has a negative extent");
      }
      elements *= extent;
    }
    if (elements != data.length) {
      throw new IllegalArgumentException(
          "array shape " + Arrays.toString(shape) + " needs " + elements + " values, got " + data.length);
    }
  }

  /** The shape as numpy prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
  public String shapeText() {
    return NpyHeader.shapeText(shape);
  }
}
