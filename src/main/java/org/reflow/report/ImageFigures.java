package org.reflow.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.data.ImageGrid;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.StepEngines;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.VelocityField;
import org.reflow.store.ArtifactStore;

/**
 * What the report shows of one stage of an image run: its latest checkpoint's samples from the
 * run's grid draws of π0 as image grids, one per solver of {@link #GRID_SOLVERS}, and what its
 * evaluations recorded (FD, class coverage and histogram, confidence). The report samples only
 * {@link ImageReport#GRID_IMAGES} images per solver; every number comes from the journal.
 *
 * @param checkpoint the checkpoint sampled; empty when the stage saved none yet
 * @param grids one per solver of {@link #GRID_SOLVERS}, in order (empty without a checkpoint)
 * @param pairs for domain transfer (π0 is data too): the first {@link ImageReport#PAIRS} draws of π0
 *     above their one-step images, as one grid of two rows
 * @param recorded the stage's latest recorded metrics by solver, as {@code reflow show} lists them
 * @param notes why something is missing, for the page
 */
public record ImageFigures(
    String id, Rectification level, Optional<Event.CheckpointSaved> checkpoint, List<Grid> grids,
    Optional<byte[]> pairs, Map<String, Event.MetricsRecorded> recorded, List<String> notes) {

  /** The solvers of the grids: one step, two, eight, and adaptive RK45 at the paper's tolerances. */
  public static final List<String> GRID_SOLVERS = List.of("euler:1", "euler:2", "euler:8", "rk45");

  /** One-step generation, as an evaluation names its solver. */
  public static final String ONE_STEP = "euler:1";

  /**
   * One grid: the images {@code solver} carries the grid draws to.
   *
   * @param nfe function evaluations per image of this solve
   * @param png the grid, {@link ImageReport#COLUMNS} images to a row
   */
  public record Grid(String solver, int nfe, byte[] png) {}

  static ImageFigures of(StageRecord stage, Rectification level, Map<String, Event.MetricsRecorded> recorded,
      Points x0, boolean transfer, Path home) {
    Optional<Event.CheckpointSaved> latest = stage.finalCheckpoint().flatMap(stage::checkpoint).or(stage::lastCheckpoint);
    if (latest.isEmpty()) {
      return new ImageFigures(stage.id(), level, latest, List.of(), Optional.empty(), recorded,
          List.of("stage '" + stage.id() + "' saved no checkpoint yet"));
    }
    Event.CheckpointSaved c = latest.get();
    VelocityField flow = StepEngines.field(CheckpointFile.read(ArtifactStore.open(home).verified(c.sha256(),
        "checkpoint " + c.checkpointId() + " (step " + c.step() + " of stage '" + stage.id() + "')"),
        Optional.of(c.sha256())), false);
    List<Grid> grids = new ArrayList<>();
    Points oneStep = null;
    for (String solver : GRID_SOLVERS) {
      SolveResult result = Solver.parse(solver).solve(flow, x0, false);
      grids.add(new Grid(solver, result.evaluations(), ImageGrid.png(result.points(), ImageReport.COLUMNS)));
      if (solver.equals(ONE_STEP)) {
        oneStep = result.points();
      }
    }
    Optional<byte[]> pairs = transfer ? Optional.of(ImageGrid.png(pairRows(x0, oneStep), ImageReport.PAIRS)) : Optional.empty();
    return new ImageFigures(stage.id(), level, latest, grids, pairs, recorded, List.of());
  }

  /** A stage whose checkpoint cannot be sampled, and why (a missing artifact, a failed solve). */
  static ImageFigures unavailable(StageRecord stage, Rectification level, Map<String, Event.MetricsRecorded> recorded,
      List<String> reasons) {
    return new ImageFigures(stage.id(), level, Optional.empty(), List.of(), Optional.empty(), recorded, reasons);
  }

  /** "rf2 (2-RF)". */
  public String title() {
    return id + " (" + level.label() + ")";
  }

  /** The recorded solver with the lowest FD, if any evaluation recorded one. */
  public Optional<Event.MetricsRecorded> best() {
    return recorded.values().stream().filter(m -> m.values().containsKey("fd"))
        .min((a, b) -> Double.compare(a.values().get("fd"), b.values().get("fd")));
  }

  /** The first {@link ImageReport#PAIRS} of {@code x0}, then as many of {@code x1}: two rows of a grid. */
  private static Points pairRows(Points x0, Points x1) {
    int n = ImageReport.PAIRS * x0.dim();
    float[] values = Arrays.copyOf(x0.values(), 2 * n);
    System.arraycopy(x1.values(), 0, values, n, n);
    return new Points(2 * ImageReport.PAIRS, x0.dim(), values);
  }
}
