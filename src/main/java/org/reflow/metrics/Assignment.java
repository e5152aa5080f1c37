package org.reflow.metrics;

import java.util.Arrays;
import org.reflow.data.Points;

/**
 * Exact minimum-cost linear assignment on a dense n×n cost: the permutation σ minimising
 * Σ_i c(i, σ(i)).
 *
 * <p>Shortest augmenting paths with row and column potentials (Jonker &amp; Volgenant 1987; the
 * square case of Crouse 2016, "On implementing 2D rectangular assignment algorithms", as in
 * SciPy's {@code linear_sum_assignment}). Rows are added one at a time; each addition runs a
 * Dijkstra search over reduced costs c(i, j) − u(i) − v(j) (≥ 0 on every row already matched,
 * so only the new row's own edges may be negative) until it reaches a free column, then updates
 * the potentials and flips the path. O(n³) time in the worst case, O(n) memory
 * beyond the cost, all allocated once per call. Scanning only the columns not yet reached (a
 * shrinking list) and preferring a free column on ties keep the typical search short.
 */
public final class Assignment {

  private Assignment() {}

  /**
   * The optimal assignment for {@code cost}, an n×n row-major matrix of finite values: element
   * i of the result is the column assigned to row i.
   *
   * @throws IllegalArgumentException if the matrix is not n×n or holds a NaN or infinity
   */
  public static int[] solve(double[] cost, int n) {
    if (n < 0 || cost.length != (long) n * n) {
      throw new IllegalArgumentException(
          "assignment needs an n x n cost matrix, got " + cost.length + " values for n = " + n);
    }
    for (int k = 0; k < cost.length; k++) {
      if (!Double.isFinite(cost[k])) {
        throw new IllegalArgumentException(
            "assignment cost at row " + k / n + ", column " + k % n + " is " + cost[k]
                + "; every cost must be finite");
      }
    }
    double[] u = new double[n];
    double[] v = new double[n];
    double[] shortest = new double[n];
    int[] path = new int[n];
    int[] colForRow = new int[n];
    int[] rowForCol = new int[n];
    int[] remaining = new int[n];
    boolean[] rowReached = new boolean[n];
    boolean[] colReached = new boolean[n];
    Arrays.fill(colForRow, -1);
    Arrays.fill(rowForCol, -1);

    for (int root = 0; root < n; root++) {
      Arrays.fill(shortest, Double.POSITIVE_INFINITY);
      Arrays.fill(rowReached, false);
      Arrays.fill(colReached, false);
      for (int k = 0; k < n; k++) {
        remaining[k] = n - 1 - k;
      }
      int remainingCount = n;
      double minVal = 0;
      int i = root;
      int sink = -1;
      while (sink < 0) {
        rowReached[i] = true;
        int rowOffset = i * n;
        double base = minVal - u[i];
        double lowest = Double.POSITIVE_INFINITY;
        int index = -1;
        for (int k = 0; k < remainingCount; k++) {
          int j = remaining[k];
          // Dijkstra relaxation: dist(j) = min(dist(j), dist(i) + c(i,j) − u(i) − v(j))
          double r = base + cost[rowOffset + j] - v[j];
          double s = shortest[j];
          if (r < s) {
            path[j] = i;
            shortest[j] = r;
            s = r;
          }
          if (s <= lowest && (s < lowest || rowForCol[j] < 0)) {
            lowest = s;
            index = k;
          }
        }
        minVal = lowest;
        int j = remaining[index];
        colReached[j] = true;
        remaining[index] = remaining[--remainingCount];
        if (rowForCol[j] < 0) {
          sink = j;
        } else {
          i = rowForCol[j];
        }
      }
      // Dual update u(r) += d − dist(σ(r)), v(c) −= d − dist(c): reduced costs ≥ 0, path tight
      u[root] += minVal;
      for (int r = 0; r < n; r++) {
        if (rowReached[r] && r != root) {
          u[r] += minVal - shortest[colForRow[r]];
        }
      }
      for (int c = 0; c < n; c++) {
        if (colReached[c]) {
          v[c] -= minVal - shortest[c];
        }
      }
      for (int j = sink; ; ) {
        int r = path[j];
        rowForCol[j] = r;
        int previous = colForRow[r];
        colForRow[r] = j;
        if (r == root) {
          break;
        }
        j = previous;
      }
    }
    return colForRow;
  }

  /**
   * The assignment of points of {@code a} to points of {@code b} minimising the summed squared
   * Euclidean distance: element i of the result is the index in {@code b} matched to point i of
   * {@code a}. Builds the n×n cost in one array (n = 2,000 takes 32 MB).
   *
   * @throws IllegalArgumentException if the sets differ in count or dimension
   */
  public static int[] solve(Points a, Points b) {
    a.requireSameShape(b);
    int n = a.count();
    if ((long) n * n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a dense assignment of " + n + " points needs " + (long) n * n
              + " costs, more than one array holds; subsample the points");
    }
    double[] cost = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // c(i, j) = ‖a_i − b_j‖²
        cost[i * n + j] = a.squaredDistance(i, b, j);
      }
    }
    return solve(cost, n);
  }
}
