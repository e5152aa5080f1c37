/**
 * Distances between samples and diagnostics of a flow: {@link Wasserstein} (exact by {@link
 * Assignment}, or sliced), {@link Mmd}, {@link EnergyDistance}, the {@link Crossings} of a
 * coupling, and {@link SampleQuality}, what one evaluation records. For images: the {@link
 * FrechetDistance} (square roots by {@link SymmetricEigen}) in the features of a home's {@link
 * FeatureClassifier} ({@link Classifiers}), with class coverage and confidence ({@link
 * ImageQuality}). Over replicates: {@link Estimate} (mean, std, Student-t 95% interval by {@link
 * StudentT}). Knows nothing of actors.
 *
 * <p>May use: {@code data}, {@code flow.solve}, {@code rand}, {@code store} (the classifier's
 * artifact), ND4J (its products). Used by: {@code coupling}, {@code
 * report}, {@code work}.
 */
package org.reflow.metrics;
