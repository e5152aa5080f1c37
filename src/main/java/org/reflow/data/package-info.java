/**
 * Distributions of points ({@link Distribution}) and the points themselves ({@link Points}):
 * {@link Gaussian}, {@link GaussianMixture}, the 2-D toys by name ({@link Toys}), fixed samples
 * ({@link Pool}) and numpy arrays loaded as data sets ({@link ArrayDataset}). Knows nothing of
 * actors.
 *
 * <p>May use: {@code rand}, {@code store}, {@code text}. Used by: {@code bench}, {@code cli},
 * {@code coupling}, {@code flow.solve}, {@code metrics}, {@code report}, {@code spec}, {@code
 * work}.
 */
package org.reflow.data;
