package org.reflow.flow.solve;

import org.reflow.data.Points;

/**
 * The state of a solve at time {@code t}: every point of the batch, copied, so later steps never
 * change it.
 */
public record TrajectoryState(double t, Points points) {}
