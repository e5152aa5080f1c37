package org.reflow.coupling;

import org.reflow.data.Distribution;
import org.reflow.rand.Rng;

/**
 * The coupling of 1-rectified flow: X0 ~ π0 and X1 ~ π1 drawn independently, afresh for every
 * batch. (Fixing one random pairing for the whole run, as a public notebook does, trains on a
 * single deterministic coupling instead — a known bug this avoids.)
 */
public final class IndependentCoupling implements Coupling {

  private final Distribution source;
  private final Distribution target;
  private final Rng rng;

  public IndependentCoupling(Distribution source, Distribution target, long seed, String stage) {
    if (source.dim() != target.dim()) {
      throw new IllegalArgumentException(
          "source π0 is " + source.dim() + "-dimensional but target π1 is " + target.dim()
              + "-dimensional; a coupling pairs points of one space, so give both the same dimension");
    }
    this.source = source;
    this.target = target;
    this.rng = Rng.of(seed, stage, "pairs", 0);
  }

  @Override
  public int dim() {
    return source.dim();
  }

  @Override
  public void fill(long index, float[] z0, float[] z1, int count) {
    rng.restartAt(index);
    source.sample(rng, z0, count);
    target.sample(rng, z1, count);
  }

  @Override
  public String describe() {
    return "independent";
  }
}
