package org.reflow.coupling;

import org.reflow.data.Points;
import org.reflow.metrics.Assignment;

/**
 * Minibatch optimal transport (Tong et al. 2023, OT-CFM; Pooladian et al. 2023): draw an
 * independent batch, then re-pair it by the exact assignment that minimises Σ‖x0_i − x1_σ(i)‖².
 * The assignment costs O(B³) per batch: keep B in the hundreds.
 */
public final class MinibatchOtCoupling implements Coupling {

  private final IndependentCoupling independent;
  private float[] unpaired = new float[0];

  public MinibatchOtCoupling(IndependentCoupling independent) {
    this.independent = independent;
  }

  @Override
  public int dim() {
    return independent.dim();
  }

  @Override
  public void fill(long index, float[] z0, float[] z1, int count) {
    int dim = dim();
    if (unpaired.length < count * dim) {
      unpaired = new float[count * dim];
    }
    independent.fill(index, z0, unpaired, count);
    int[] match = Assignment.solve(
        new Points(count, dim, java.util.Arrays.copyOf(z0, count * dim)),
        new Points(count, dim, java.util.Arrays.copyOf(unpaired, count * dim)));
    for (int i = 0; i < count; i++) {
      System.arraycopy(unpaired, match[i] * dim, z1, i * dim, dim); // x1 paired with x0_i is x1_σ(i)
    }
  }

  @Override
  public String describe() {
    return "minibatch-ot";
  }
}
