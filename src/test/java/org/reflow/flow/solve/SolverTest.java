package org.reflow.flow.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.data.Points;

/** What every solver shares: input checks and an empty batch. */
class SolverTest {

  private static final List<Solver> ALL = List.of(new Euler(4), new Heun(4), new Rk45(1e-5, 1e-5));

  @Test
  void mismatchedDimensionAndEmptyIntervalAreRejected() {
    for (Solver solver : ALL) {
      IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
          () -> solver.solve(Fields.decay(2), Fields.start(), false));
      assertTrue(dim.getMessage().contains("dim 2"), dim.getMessage());
      IllegalArgumentException span = assertThrows(IllegalArgumentException.class,
          () -> solver.solve(Fields.decay(3), Fields.start(), 0.5, 0.5, false));
      assertTrue(span.getMessage().contains("t0 != t1"), span.getMessage());
    }
  }

  @Test
  void emptyBatchSolvesToAnEmptyBatch() {
    for (Solver solver : ALL) {
      SolveResult result = solver.solve(Fields.decay(3), Points.zeros(0, 3), false);
      assertEquals(0, result.points().count(), solver.describe());
      assertEquals(3, result.points().dim(), solver.describe());
    }
  }
}
