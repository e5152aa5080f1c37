package org.reflow.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reflow.report.Series;

class DownsampleTest {

  @Test
  void aLongCurveKeepsItsSpikeItsDipItsEndsAndFewPoints() {
    int n = 100_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      y[i] = 1.0 + 0.1 * Math.sin(i / 50.0);
    }
    y[31_337] = 40.0; // a spike
    y[77_777] = -3.0; // a dip
    Series thin = Downsample.extremes(new Series("rf1", x, y), 500);
    assertTrue(thin.size() <= 1_002, "points: " + thin.size());
    assertEquals(40.0, Arrays.stream(thin.y()).max().orElseThrow());
    assertEquals(-3.0, Arrays.stream(thin.y()).min().orElseThrow());
    assertTrue(Arrays.stream(thin.x()).anyMatch(v -> v == 31_338.0), "the spike keeps its step");
    assertEquals(1.0, thin.x()[0]);
    assertEquals(n, thin.x()[thin.size() - 1]);
    for (int i = 1; i < thin.size(); i++) {
      assertTrue(thin.x()[i] > thin.x()[i - 1], "steps stay in order");
    }
  }

  @Test
  void aShortCurveIsLeftAsItIs() {
    Series s = new Series("rf1", new double[] {1, 2, 3}, new double[] {3, 2, 1});
    assertSame(s, Downsample.extremes(s, 10));
  }
}
