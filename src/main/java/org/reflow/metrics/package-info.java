/**
 * Distances between samples and diagnostics of a flow: {@link Wasserstein} (exact by {@link
 * Assignment}, or sliced), {@link Mmd}, {@link EnergyDistance}, the {@link Crossings} of a
 * coupling, and {@link SampleQuality}, what one evaluation records. Knows nothing of actors.
 *
 * <p>May use: {@code data}, {@code flow.solve}, {@code rand}. Used by: {@code coupling}, {@code
 * report}, {@code work}.
 */
package org.reflow.metrics;
