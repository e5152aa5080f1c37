package org.reflow.report;

import org.reflow.data.Points;
import org.reflow.metrics.Crossings;

/**
 * A few hundred pairs of the coupling a stage trained on, as segments X0 → X1, with every
 * crossing among them: how tangled the pairs were that the stage straightened.
 *
 * @param description which coupling: "independent", or the stored one's id and recipe
 */
public record CouplingView(String description, Points z0, Points z1, Crossings.Sample crossings) {

  /** The pairs z0_i → z1_i, with every crossing among their segments found. */
  public static CouplingView of(String description, Points z0, Points z1) {
    return new CouplingView(description, z0, z1, Crossings.amongAll(z0, z1));
  }
}
