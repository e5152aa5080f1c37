/**
 * A run's self-contained HTML report: {@link RunReport} gathers it from the run's history, its
 * recorded spec and the artifact store; {@link ReportCharts} draws the charts from {@link
 * LossCurve}, {@link DistanceVsNfe}, {@link Trajectories}, {@link CouplingView} and each stage's
 * {@link StageFigures}; {@link ReportHtml} writes the page, its lineage drawn by {@link
 * LineageSvg}. Knows nothing of actors.
 *
 * <p>May use: {@code coupling}, {@code data}, {@code experiment}, {@code flow}, {@code flow.solve},
 * {@code lineage}, {@code metrics}, {@code rand}, {@code spec}, {@code store}, {@code text}. Used
 * by: {@code cli}, {@code serve}.
 */
package org.reflow.report;
