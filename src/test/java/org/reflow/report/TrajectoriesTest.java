package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.data.Points;
import org.reflow.flow.solve.VelocityField;

class TrajectoriesTest {

  private static final Points START = new Points(3, 2, new float[] {0, 0, 1, -2, -3.5f, 4});

  @Test
  void aConstantFieldMovesEveryParticleAlongAStraightLineAtConstantSpeed() {
    List<Points> paths = Trajectories.of(field((z, count, t, out) -> {
      for (int i = 0; i < count; i++) {
        out[2 * i] = 2;
        out[2 * i + 1] = -1;
      }
    }), START, 10);
    assertEquals(3, paths.size());
    for (int i = 0; i < 3; i++) {
      Points path = paths.get(i);
      assertEquals(11, path.count(), "t = 0, 0.1, …, 1");
      for (int k = 0; k <= 10; k++) {
        // z(t) = z0 + t (2, −1)
        assertEquals(START.get(i, 0) + 2 * k / 10.0, path.get(k, 0), 1e-5);
        assertEquals(START.get(i, 1) - k / 10.0, path.get(k, 1), 1e-5);
      }
    }
  }

  @Test
  void aFieldLinearInTimeFollowsEulersClosedFormOnItsGrid() {
    // v = 2t b: the exact path is z0 + t² b; Euler on N steps reaches z0 + b k(k−1)/N² at node k
    int n = 8;
    List<Points> paths = Trajectories.of(field((z, count, t, out) -> {
      for (int i = 0; i < count; i++) {
        out[2 * i] = (float) (2 * t * 3);
        out[2 * i + 1] = (float) (2 * t * 0.5);
      }
    }), START, n);
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k <= n; k++) {
        double moved = (double) k * (k - 1) / (n * n);
        assertEquals(START.get(i, 0) + 3 * moved, paths.get(i).get(k, 0), 1e-5);
        assertEquals(START.get(i, 1) + 0.5 * moved, paths.get(i).get(k, 1), 1e-5);
      }
    }
  }

  @Test
  void theFirstPointOfEachPathIsItsStartAndThePathsAreIndependentOfEachOther() {
    VelocityField rotation = field((z, count, t, out) -> {
      for (int i = 0; i < count; i++) {
        out[2 * i] = -z[2 * i + 1];
        out[2 * i + 1] = z[2 * i];
      }
    });
    List<Points> together = Trajectories.of(rotation, START, 20);
    for (int i = 0; i < 3; i++) {
      assertEquals(START.get(i, 0), together.get(i).get(0, 0));
      Points alone = Trajectories.of(rotation, new Points(1, 2, Arrays.copyOfRange(START.values(), 2 * i, 2 * i + 2)), 20).get(0);
      assertEquals(Arrays.toString(alone.values()), Arrays.toString(together.get(i).values()));
    }
  }

  private static VelocityField field(Evaluation e) {
    return new VelocityField() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public void evaluate(float[] z, int count, double t, float[] out) {
        e.evaluate(z, count, t, out);
      }
    };
  }

  private interface Evaluation {
    void evaluate(float[] z, int count, double t, float[] out);
  }
}
