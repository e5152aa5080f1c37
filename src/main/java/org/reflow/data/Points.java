package org.reflow.data;

/**
 * {@code count} points in {@code dim} dimensions, row-major in one float array: point i is
 * {@code values[i*dim .. (i+1)*dim)}. The common currency of data, couplings and metrics.
 */
public record Points(int count, int dim, float[] values) {

  public Points {
    if (count < 0 || dim <= 0) {
      throw new IllegalArgumentException("points need count >= 0 and dim > 0, got " + count + " x " + dim);
    }
    if (values.length != (long) count * dim) {
      throw new IllegalArgumentException(
          "points " + count + " x " + dim + " need " + (long) count * dim + " values, got " + values.length);
    }
  }

  public static Points zeros(int count, int dim) {
    return new Points(count, dim, new float[count * dim]);
  }

  public float get(int point, int axis) {
    return values[point * dim + axis];
  }

  /** Squared Euclidean distance between point i of this and point j of other. */
  public double squaredDistance(int i, Points other, int j) {
    double s = 0;
    int a = i * dim;
    int b = j * other.dim;
    for (int k = 0; k < dim; k++) {
      double d = values[a + k] - other.values[b + k];
      s += d * d;
    }
    return s;
  }

  /** Mean over points of the squared distance between point i here and point i there. */
  public double meanSquaredDistance(Points other) {
    requireSameShape(other);
    double s = 0;
    for (int i = 0; i < count; i++) {
      s += squaredDistance(i, other, i);
    }
    return count == 0 ? 0 : s / count;
  }

  public void requireSameShape(Points other) {
    if (other.count != count || other.dim != dim) {
      throw new IllegalArgumentException(
          "point sets differ in shape: " + count + " x " + dim + " vs " + other.count + " x " + other.dim);
    }
  }
}
