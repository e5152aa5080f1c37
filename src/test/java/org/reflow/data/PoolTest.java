package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

class PoolTest {

  @Test
  void drawsOnlyPoolMembersAndReachesEveryOne() {
    Pool pool = Pool.draw(Toys.threeGaussiansSource(), Rng.of(1, "test", "pool", 0), 100);
    Map<List<Float>, Integer> members = new HashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      members.put(row(pool.points(), i), i);
    }
    boolean[] drawn = new boolean[pool.size()];
    Points samples = pool.sample(Rng.of(1, "test", "pool draws", 0), 10_000);
    for (int p = 0; p < samples.count(); p++) {
      Integer member = members.get(row(samples, p));
      assertTrue(member != null, "sample " + p + " " + row(samples, p) + " is not in the pool");
      drawn[member] = true;
    }
    // a member is missed by 10,000 uniform draws with probability 0.99^10000 ≈ 2e-44
    for (int i = 0; i < drawn.length; i++) {
      assertTrue(drawn[i], "member " + i + " never drawn");
    }
  }

  @Test
  void poolOfPointsKeepsThemAsMembers() {
    Points points = new Points(3, 2, new float[] {1, 2, 3, 4, 5, 6});
    Pool pool = Pool.of(points);
    assertEquals(3, pool.size());
    assertEquals(2, pool.dim());
    assertArrayEquals(points.values(), pool.points().values());
  }

  @Test
  void samePoolKeyGivesSamePool() {
    Pool a = Pool.draw(Toys.checkerboard(), Rng.of(2, "data", "pool", 0), 10_000);
    Pool b = Pool.draw(Toys.checkerboard(), Rng.of(2, "data", "pool", 0), 10_000);
    assertArrayEquals(a.points().values(), b.points().values());
  }

  @Test
  void rejectsEmptyPool() {
    assertThrows(IllegalArgumentException.class, () -> Pool.of(Points.zeros(0, 2)));
  }

  private static List<Float> row(Points points, int i) {
    Float[] row = new Float[points.dim()];
    for (int k = 0; k < row.length; k++) {
      row[k] = points.get(i, k);
    }
    return Arrays.asList(row);
  }
}
