package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reflow.data.Points;
import org.reflow.rand.Rng;

class AssignmentTest {

  @Test
  void matchesBruteForceOverAllPermutationsForRandomCosts() {
    for (int n = 1; n <= 8; n++) {
      for (long seed = 0; seed < 5; seed++) {
        Rng rng = TestPoints.rng(seed, "costs-" + n);
        double[] cost = new double[n * n];
        for (int k = 0; k < cost.length; k++) {
          cost[k] = 10 * rng.nextDouble() - 3;
        }
        assertOptimal(cost, n, "n = " + n + ", seed " + seed);
      }
    }
  }

  @Test
  void matchesBruteForceWhenIntegerCostsTie() {
    for (int n = 2; n <= 8; n++) {
      for (long seed = 0; seed < 5; seed++) {
        Rng rng = TestPoints.rng(seed, "ties-" + n);
        double[] cost = new double[n * n];
        for (int k = 0; k < cost.length; k++) {
          cost[k] = rng.nextInt(3);
        }
        assertOptimal(cost, n, "n = " + n + ", seed " + seed);
      }
    }
  }

  @Test
  void matchesSortedOrderForOneDimensionalPoints() {
    int n = 500;
    Points a = TestPoints.uniform(TestPoints.rng(1, "a"), n, 1);
    Points b = TestPoints.gaussian(TestPoints.rng(1, "b"), n, 2, 0.5);
    int[] match = Assignment.solve(a, b);

    Integer[] byA = sortedIndices(a);
    Integer[] byB = sortedIndices(b);
    double sorted = 0;
    double found = 0;
    for (int r = 0; r < n; r++) {
      sorted += a.squaredDistance(byA[r], b, byB[r]);
      found += a.squaredDistance(r, b, match[r]);
    }
    assertPermutation(match);
    assertEquals(sorted, found, 1e-9 * sorted);
  }

  @Test
  void solvesTheEmptyProblem() {
    assertArrayEquals(new int[0], Assignment.solve(new double[0], 0));
  }

  @Test
  void rejectsACostThatIsNotSquare() {
    var e = assertThrows(IllegalArgumentException.class, () -> Assignment.solve(new double[6], 3));
    assertTrue(e.getMessage().contains("n x n"), e.getMessage());
  }

  @Test
  void rejectsANonFiniteCostNamingItsPlace() {
    double[] cost = {1, 2, 3, Double.NaN};
    var e = assertThrows(IllegalArgumentException.class, () -> Assignment.solve(cost, 2));
    assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
  }

  @Test
  void rejectsPointSetsOfDifferentDimension() {
    Points a = Points.zeros(3, 2);
    Points b = Points.zeros(3, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> Assignment.solve(a, b));
    assertTrue(e.getMessage().contains("3 x 2 vs 3 x 3"), e.getMessage());
  }

  private static void assertOptimal(double[] cost, int n, String label) {
    int[] match = Assignment.solve(cost, n);
    assertPermutation(match);
    double found = 0;
    for (int i = 0; i < n; i++) {
      found += cost[i * n + match[i]];
    }
    assertEquals(bruteForce(cost, n), found, 1e-9, label);
  }

  private static void assertPermutation(int[] match) {
    int[] sorted = match.clone();
    Arrays.sort(sorted);
    for (int k = 0; k < sorted.length; k++) {
      assertEquals(k, sorted[k], "assignment is not a permutation: " + Arrays.toString(match));
    }
  }

  /** Minimum over all n! permutations, by Heap's algorithm. */
  private static double bruteForce(double[] cost, int n) {
    int[] perm = new int[n];
    for (int k = 0; k < n; k++) {
      perm[k] = k;
    }
    double best = total(cost, perm);
    int[] c = new int[n];
    int i = 1;
    while (i < n) {
      if (c[i] < i) {
        int j = i % 2 == 0 ? 0 : c[i];
        int t = perm[j];
        perm[j] = perm[i];
        perm[i] = t;
        best = Math.min(best, total(cost, perm));
        c[i]++;
        i = 1;
      } else {
        c[i] = 0;
        i++;
      }
    }
    return best;
  }

  private static double total(double[] cost, int[] perm) {
    double s = 0;
    for (int r = 0; r < perm.length; r++) {
      s += cost[r * perm.length + perm[r]];
    }
    return s;
  }

  private static Integer[] sortedIndices(Points x) {
    Integer[] idx = new Integer[x.count()];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k;
    }
    Arrays.sort(idx, (p, q) -> Float.compare(x.get(p, 0), x.get(q, 0)));
    return idx;
  }
}
