package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

/**
 * A point's velocity is a function of the point, t and the weights alone: not of how many points
 * are evaluated with it, nor of what the field evaluated before. OpenBLAS picks its inner kernels
 * and edge tiles by matrix shape (and by CPU: Haswell and SkylakeX kernels differ), so a product
 * of 50 rows and one of 100 rows may round the same row differently; the field must never let the
 * shape depend on the count. Every assertion here is bit-for-bit.
 */
class MlpFieldTest {

  private static final ModelSpec SPEC = ModelSpec.paperToy(2);

  private static float[] points(int count) {
    float[] z = new float[count * SPEC.dim()];
    Rng.of(11, "mlp-field-test", "points", 0).fillGaussian(z, 0, z.length);
    return z;
  }

  private static float[] velocities(MlpField field, float[] z, int count, double t) {
    float[] out = new float[count * SPEC.dim()];
    field.evaluate(z, count, t, out);
    return out;
  }

  @Test
  void aPointsVelocityIsTheSameWhateverTheNumberOfPointsEvaluatedWithIt() {
    VelocityMlp model = VelocityMlp.initialize(SPEC, Rng.of(3, "mlp-field-test", "init", 0));
    float[] z = points(5000);
    // Each count alone on a fresh field; every count's rows are a prefix of the 5,000.
    float[] all = velocities(model.field(), z, 5000, 0.37);
    for (int count : List.of(1, 7, 50, 100, 255, 256, 257, 1000, 4097)) {
      float[] some = velocities(model.field(), z, count, 0.37);
      assertArrayEquals(Arrays.copyOf(all, some.length), some, "the first " + count + " of 5000 points");
    }
  }

  @Test
  void aFieldGivesTheSameVelocitiesAfterEvaluatingOtherCounts() {
    VelocityMlp model = VelocityMlp.initialize(SPEC, Rng.of(4, "mlp-field-test", "init", 0));
    float[] z = points(250);
    float[] fresh = velocities(model.field(), z, 50, 0.81);
    // The Simulator's case: a teacher field used for shards of 100, then the short last shard of 50.
    MlpField used = model.field();
    velocities(used, z, 100, 0.81);
    velocities(used, z, 250, 0.2);
    assertArrayEquals(fresh, velocities(used, z, 50, 0.81), "50 points after 100 and 250");
  }
}
