package org.reflow.flow;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense row-major float32 matrix held by ND4J, with the two views the hand-written step needs:
 * a native pointer for BLAS and a {@link FloatBuffer} for element-wise loops. Created once per
 * shape and reused; nothing here allocates after construction.
 */
final class Matrix {

  private final int rows;
  private final int cols;
  private final INDArray array;
  private final FloatPointer pointer;
  private final FloatBuffer buffer;

  Matrix(int rows, int cols) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("matrix must be non-empty, got " + rows + " x " + cols);
    }
    this.rows = rows;
    this.cols = cols;
    this.array = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
    this.pointer = Gemm.pointerOf(array);
    this.buffer = array.data().asNioFloat();
  }

  int rows() {
    return rows;
  }

  int cols() {
    return cols;
  }

  int size() {
    return rows * cols;
  }

  FloatPointer pointer() {
    return pointer;
  }

  FloatBuffer buffer() {
    return buffer;
  }

  float get(int i) {
    return buffer.get(i);
  }

  void set(int i, float value) {
    buffer.put(i, value);
  }

  void copyFrom(float[] source) {
    buffer.put(0, source, 0, size());
  }

  void copyTo(float[] target) {
    buffer.get(0, target, 0, size());
  }

  void copyFrom(Matrix source) {
    buffer.put(0, source.buffer, 0, size());
  }

  void fill(float value) {
    for (int i = 0, n = size(); i < n; i++) {
      buffer.put(i, value);
    }
  }

  float[] toArray() {
    float[] out = new float[size()];
    copyTo(out);
    return out;
  }
}
