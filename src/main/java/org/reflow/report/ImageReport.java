package org.reflow.report;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.metrics.Classifiers;
import org.reflow.rand.Rng;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SourceSpec;

/**
 * What the report shows of a run whose π1 is Fashion-MNIST images: per stage, image grids from the
 * same {@value #GRID_IMAGES} draws of π0 at each solver of {@link ImageFigures#GRID_SOLVERS} (so
 * what reflow changes is seen side by side), and the evaluations' FD, class coverage and class
 * histograms against the target's histogram. The grid draws are those of {@code reflow sample
 * RUN/STAGE --count 16 --seed SEED} with the run's seed: a grid is that command's images.
 *
 * @param stages per stage, in spec order
 * @param targetHistogram the fraction of the target's test images the home's classifier assigns to
 *     each class; empty when no evaluation recorded image metrics (the classifier is then not trained)
 * @param transfer whether π0 is images too (domain transfer): each stage then shows pairs X0 → one-step X1
 * @param seed the seed of the grid draws
 * @param notes what could not be drawn, and why
 */
public record ImageReport(
    List<ImageFigures> stages, Optional<double[]> targetHistogram, boolean transfer, long seed, List<String> notes) {

  /** Images per grid, the same draws of π0 in every stage and solver. */
  public static final int GRID_IMAGES = 16;
  /** Images to a row of a grid. */
  public static final int COLUMNS = 4;
  /** Pairs X0 → one-step X1 shown per stage of a domain transfer. */
  public static final int PAIRS = 8;

  /** Whether the report of a run of {@code spec} shows images: its target is Fashion-MNIST. */
  static boolean shows(ExperimentSpec spec) {
    return spec.target() instanceof SourceSpec.FashionMnistImages;
  }

  /**
   * Samples each stage's latest checkpoint from the grid draws, stages side by side ({@code
   * parallelStream}, as the 2-D figures are), and reads the rest from {@code history}. What cannot
   * be drawn (Fashion-MNIST's files gone, an artifact missing) is noted; the recorded numbers are
   * shown all the same.
   */
  static ImageReport gather(RunHistory history, ExperimentSpec spec, long seed, Path home) {
    Map<String, Rectification> levels = Rectification.of(spec.stages());
    boolean transfer = spec.source() instanceof SourceSpec.FashionMnistImages;
    List<String> notes = new ArrayList<>();
    Optional<Points> x0 = Optional.empty();
    try {
      // the draws of `reflow sample RUN/STAGE --seed SEED`: π0 opened as sample opens it
      x0 = Optional.of(spec.source().open(spec.seed(), "pi0").sample(Rng.of(seed, "sample", "x0", 0), GRID_IMAGES));
    } catch (IllegalArgumentException | UncheckedIOException e) { // Fashion-MNIST's files missing or unreadable
      notes.add("no image is drawn: π0 cannot be opened again (" + e.getMessage() + ")");
    }
    Optional<Points> draws = x0;
    List<ImageFigures> stages = history.stages().values().parallelStream().map(s -> {
      Map<String, Event.MetricsRecorded> recorded = history.latestMetrics(s.id());
      if (draws.isEmpty()) {
        return ImageFigures.unavailable(s, levels.get(s.id()), recorded, List.of());
      }
      try {
        return ImageFigures.of(s, levels.get(s.id()), recorded, draws.get(), transfer, home);
      } catch (IllegalStateException | UncheckedIOException e) { // a missing or corrupt artifact, a failed solve
        return ImageFigures.unavailable(s, levels.get(s.id()), recorded, List.of(e.getMessage()));
      }
    }).toList();
    boolean evaluated = stages.stream().anyMatch(s -> s.best().isPresent());
    Optional<double[]> target = Optional.empty();
    if (evaluated && spec.target() instanceof SourceSpec.FashionMnistImages images) {
      try {
        target = Optional.of(Classifiers.reference(home, images.folder(), images.classes()).histogram());
      } catch (IllegalArgumentException | UncheckedIOException e) {
        notes.add("the target's class histogram cannot be computed: " + e.getMessage());
      }
    }
    stages.forEach(s -> notes.addAll(s.notes()));
    return new ImageReport(stages, target, transfer, seed, List.copyOf(notes));
  }
}
