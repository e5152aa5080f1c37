/**
 * A run's self-contained HTML report: {@link RunReport} gathers it from the run's history, its
 * recorded spec and the artifact store; {@link ReportCharts} draws the charts from {@link
 * LossCurve}, {@link DistanceVsNfe}, {@link Trajectories}, {@link CouplingView} and each stage's
 * {@link StageFigures}; {@link ReportHtml} writes the page, its lineage drawn by {@link
 * LineageSvg}. For a run whose π1 is Fashion-MNIST, {@link ImageReport} gathers each stage's {@link
 * ImageFigures} (image grids from the same noise, the recorded FD and class histograms), drawn by
 * {@link ImageCharts} into the sections {@link ImageHtml} writes. {@link Replicates} is a run's final metrics over its replicates and its paired
 * effects, {@link Comparison} runs side by side (for {@code reflow compare}); {@link ReplicatesHtml}
 * draws the report's replicates section with {@link ReplicateCharts}. {@link RunDocuments} are the
 * documents of {@code runs --json} and {@code show --json}, which the dashboard serves too. Knows
 * nothing of actors.
 *
 * <p>May use: {@code coupling}, {@code data}, {@code experiment}, {@code flow}, {@code flow.solve},
 * {@code lineage}, {@code metrics}, {@code rand}, {@code spec}, {@code store}, {@code text}. Used
 * by: {@code cli}, {@code serve}.
 */
package org.reflow.report;
