package org.reflow.data;

import org.reflow.rand.Rng;

/**
 * The checkerboard of FFJORD's toy data (Grathwohl et al. 2019, {@code lib/toy_data.py}), also
 * used by flow-matching code: uniform on the 8 "black" squares of side 2 of a 4 × 4 board covering
 * [−4, 4)², the squares where ⌊x/2⌋ + ⌊y/2⌋ is even.
 */
enum Checkerboard implements Distribution {
  INSTANCE;

  @Override
  public int dim() {
    return 2;
  }

  @Override
  public void sample(Rng rng, float[] out, int count) {
    for (int p = 0; p < count; p++) {
      // FFJORD: x1 ~ U[-2, 2), x2 = U[0, 1) − 2·B(½) + (⌊x1⌋ mod 2), then both doubled;
      // drawn here as the cells ⌊x1⌋, ⌊x2⌋ plus uniform offsets in them
      int column = rng.nextInt(4) - 2;
      int row = Math.floorMod(column, 2) - 2 * rng.nextInt(2);
      out[2 * p] = doubledInCell(column, rng.nextDouble());
      out[2 * p + 1] = doubledInCell(row, rng.nextDouble());
    }
  }

  /** 2·(cell + offset) as a float, kept below 2·(cell + 1) where rounding would reach the next square. */
  private static float doubledInCell(int cell, double offset) {
    return Math.min((float) (2 * (cell + offset)), Math.nextDown((float) (2 * (cell + 1))));
  }
}
