package org.reflow.metrics;

import org.reflow.data.Points;

/**
 * A target set made ready to be compared with many others by a two-sample V-statistic: its own
 * term (E k(y, y') for {@link Mmd}, E‖Y − Y'‖ for {@link EnergyDistance}) does not depend on what
 * it is compared with, so it is computed once. Made by {@link Mmd#target} or {@link
 * EnergyDistance#target}; give it back to the same metric.
 */
record PreparedTarget(Points points, double selfTerm) {}
