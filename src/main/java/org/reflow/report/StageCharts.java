package org.reflow.report;

import java.util.Optional;
import org.reflow.data.Points;

/**
 * A 2-D stage's charts as PNG: its samples at N = 1 and at N = {@value StageFigures#EULER_STEPS}
 * over the target, its paths, and its coupling (empty when it has none). The report's sections draw
 * each when they need it; {@link FigurePrefetch} draws all four ahead of time for a stage that
 * completed during the run, in the colour of the stage's place ({@code index}) in the run.
 */
record StageCharts(int index, byte[] oneStep, byte[] manySteps, byte[] trajectories, Optional<byte[]> coupling) {

  /** All four charts of {@code f}, a stage with a checkpoint, drawn over {@code target}. */
  static StageCharts of(StageFigures f, Points target, int index) {
    return new StageCharts(index, oneStep(f, target, index), manySteps(f, target, index), trajectories(f, target, index),
        coupling(f, index));
  }

  static byte[] oneStep(StageFigures f, Points target, int index) {
    return ReportCharts.samples(f.title() + ", Euler N = 1", target, f.oneStep().orElseThrow(),
        ReportCharts.stageColour(index), "samples, N = 1");
  }

  static byte[] manySteps(StageFigures f, Points target, int index) {
    return ReportCharts.samples(f.title() + ", Euler N = " + StageFigures.EULER_STEPS, target, f.manySteps().orElseThrow(),
        ReportCharts.stageColour(index), "samples, N = " + StageFigures.EULER_STEPS);
  }

  static byte[] trajectories(StageFigures f, Points target, int index) {
    return ReportCharts.trajectories(f.title(), f.trajectories(), target, ReportCharts.stageColour(index));
  }

  static Optional<byte[]> coupling(StageFigures f, int index) {
    return f.coupling().map(c -> ReportCharts.coupling(f.title() + " pairs", c, ReportCharts.stageColour(index)));
  }
}
