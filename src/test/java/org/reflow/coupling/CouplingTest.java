package org.reflow.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.data.Gaussian;
import org.reflow.data.Points;
import org.reflow.data.Toys;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.Fields;
import org.reflow.flow.solve.VelocityField;
import org.reflow.store.CorruptArtifactException;

class CouplingTest {

  @TempDir Path dir;

  /** v(z, t) = (1, −2): the flow map is a translation, so generated pairs are known exactly. */
  private static final VelocityField SHIFT = Fields.constant(1, -2);

  @Test
  void independentBatchesAreFreshEachStepAndRepeatableByIndex() {
    IndependentCoupling c = new IndependentCoupling(Toys.byName("gaussian"), Toys.byName("moons"), 1, "rf1");
    float[][] a = batch(c, 5);
    float[][] b = batch(c, 6);
    float[][] again = batch(c, 5);
    assertArrayEquals(a[0], again[0]);
    assertArrayEquals(a[1], again[1]);
    assertTrue(!Arrays.equals(a[0], b[0]) && !Arrays.equals(a[1], b[1]), "batch 6 must redraw both sides");
  }

  @Test
  void mismatchedSourceAndTargetDimensionsAreRefusedWithBothDimensions() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new IndependentCoupling(Gaussian.standard(3), Toys.byName("moons"), 1, "rf1"));
    assertTrue(e.getMessage().contains("3-dimensional") && e.getMessage().contains("2-dimensional"), e.getMessage());
  }

  @Test
  void minibatchOtPairsLowerTheBatchTransportCostAndKeepBothMarginals() {
    IndependentCoupling independent = new IndependentCoupling(Toys.byName("8gaussians"), Toys.byName("moons"), 1, "ot");
    MinibatchOtCoupling ot = new MinibatchOtCoupling(independent);
    float[][] plain = batch(independent, 3);
    float[][] matched = batch(ot, 3);
    assertArrayEquals(plain[0], matched[0], "x0 is kept as drawn");
    float[] sortedPlain = plain[1].clone();
    float[] sortedMatched = matched[1].clone();
    Arrays.sort(sortedPlain);
    Arrays.sort(sortedMatched);
    assertArrayEquals(sortedPlain, sortedMatched, "x1 is a permutation of the independent draw");
    double before = new Points(128, 2, plain[0]).meanSquaredDistance(new Points(128, 2, plain[1]));
    double after = new Points(128, 2, matched[0]).meanSquaredDistance(new Points(128, 2, matched[1]));
    assertTrue(after < 0.5 * before, "OT cost " + after + " vs independent " + before);
  }

  @Test
  void reflowPairsAreTheTeachersFlowMapAndKeptShardsAreNotRegenerated() {
    var recipe = new ReflowPairs.Recipe(new Euler(4), 250, 100, 3, "rf2");
    List<Integer> written = new java.util.ArrayList<>();
    List<PairShard> shards = ReflowPairs.generate(SHIFT, Toys.byName("gaussian"), recipe, dir, Map.of(), s -> written.add(s.index()));
    assertEquals(List.of(0, 1, 2), written);
    assertEquals(50, shards.get(2).count());
    float[][] pairs = StoredCoupling.readShard(shards.get(1), 2);
    for (int i = 0; i < 100; i++) {
      assertEquals(pairs[0][2 * i] + 1, pairs[1][2 * i], 1e-5);
      assertEquals(pairs[0][2 * i + 1] - 2, pairs[1][2 * i + 1], 1e-5);
    }
    Map<Integer, PairShard> kept = new HashMap<>(Map.of(0, shards.get(0), 2, shards.get(2)));
    written.clear();
    Path again = dir.resolve("again");
    List<PairShard> resumed = ReflowPairs.generate(SHIFT, Toys.byName("gaussian"), recipe, again, kept, s -> written.add(s.index()));
    assertEquals(List.of(1), written, "only the missing shard is generated");
    assertEquals(shards.get(1).sha256(), resumed.get(1).sha256(), "a regenerated shard has the recorded bytes");
  }

  @Test
  void storedCouplingDrawsDistinctStoredPairsAndRefusesACorruptShard() throws IOException {
    var recipe = new ReflowPairs.Recipe(new Euler(1), 300, 300, 3, "rf2");
    List<PairShard> shards = ReflowPairs.generate(SHIFT, Toys.byName("gaussian"), recipe, dir, Map.of(), s -> {});
    StoredCoupling stored = new StoredCoupling(shards, 2, 3, "rf2", 1);
    float[][] b = batch(stored, 0, 300);
    for (int i = 0; i < 300; i++) {
      assertEquals(b[0][2 * i] + 1, b[1][2 * i], 1e-5, "pairs stay paired");
    }
    float[] firsts = Arrays.copyOf(b[0], 600);
    Arrays.sort(firsts);
    float[] all = StoredCoupling.readShard(shards.get(0), 2)[0].clone();
    Arrays.sort(all);
    assertArrayEquals(all, firsts, "a full-size batch is a permutation of the shard");

    byte[] bytes = Files.readAllBytes(shards.get(0).file());
    bytes[bytes.length - 40] ^= 1;
    Files.write(shards.get(0).file(), bytes);
    StoredCoupling damaged = new StoredCoupling(shards, 2, 3, "rf2", 1);
    var e = assertThrows(CorruptArtifactException.class, () -> batch(damaged, 0, 10));
    assertTrue(e.getMessage().contains("shard-00000.npz") && e.getMessage().contains("regenerate"), e.getMessage());
  }

  private static float[][] batch(Coupling c, long index) {
    return batch(c, index, 128);
  }

  private static float[][] batch(Coupling c, long index, int n) {
    float[] z0 = new float[n * c.dim()];
    float[] z1 = new float[n * c.dim()];
    c.fill(index, z0, z1, n);
    return new float[][] {z0, z1};
  }
}
