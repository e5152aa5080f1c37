package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reflow.rand.Rng;

/** What every distribution promises: determinism by key, and sampling into a buffer allocates nothing. */
class DistributionTest {

  private static List<Distribution> all() {
    List<Distribution> all = new ArrayList<>();
    Toys.names().forEach(name -> all.add(Toys.byName(name)));
    all.add(Gaussian.withCovariance(new double[] {1, 2}, new double[][] {{2, 0.5}, {0.5, 1}}));
    all.add(Pool.draw(Toys.byName("moons"), Rng.of(1, "test", "pool", 0), 50));
    return all;
  }

  @Test
  void sameKeyGivesIdenticalSamples() {
    for (Distribution d : all()) {
      Points first = d.sample(Rng.of(5, "stage", "purpose", 9), 1000);
      Points second = d.sample(Rng.of(5, "stage", "purpose", 9), 1000);
      assertArrayEquals(first.values(), second.values(), d.toString());
    }
  }

  @Test
  void differentCounterGivesDifferentSamples() {
    for (Distribution d : all()) {
      Points first = d.sample(Rng.of(5, "stage", "purpose", 9), 1000);
      Points next = d.sample(Rng.of(5, "stage", "purpose", 10), 1000);
      assertFalse(Arrays.equals(first.values(), next.values()), d.toString());
    }
  }

  @Test
  void sampleReturnsPointsOfCountAndDim() {
    for (Distribution d : all()) {
      Points points = d.sample(Rng.of(5, "stage", "purpose", 0), 7);
      assertEquals(7, points.count());
      assertEquals(d.dim(), points.dim());
    }
  }

  @Test
  void samplingIntoABufferAllocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (Distribution d : all()) {
      float[] buffer = new float[256 * d.dim()];
      Rng rng = Rng.of(5, "stage", "purpose", 0);
      for (int i = 0; i < 2_000; i++) {
        d.sample(rng, buffer, 256); // warm up: class loading and compilation may allocate
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 2_000; i++) {
        d.sample(rng, buffer, 256);
      }
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      // one small object per call would be 2,000 x 16 bytes
      assertTrue(allocated < 2_000, d + " allocated " + allocated + " bytes in 2,000 calls");
    }
  }
}
