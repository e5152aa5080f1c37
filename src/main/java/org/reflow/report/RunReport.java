package org.reflow.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import org.reflow.data.Distribution;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.BlasThreads;
import org.reflow.lineage.Lineage;
import org.reflow.lineage.LineageNode;
import org.reflow.lineage.Runs;
import org.reflow.rand.Rng;
import org.reflow.spec.DataFiles;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecException;
import org.reflow.spec.SpecReader;
import org.reflow.spec.StageSpec;
import org.reflow.store.HomeNames;

/**
 * A run's report: everything {@code report.html} shows, gathered from the run's history, its
 * recorded spec and the artifact store. Works on any run the journal holds — completed, failed
 * or still running: what cannot be shown yet (a stage with no checkpoint, a missing artifact) is
 * said on the page instead of failing the report.
 *
 * @param losses every stage's training loss curve, in spec order
 * @param figures per stage, what its latest checkpoint does (empty when the spec or data cannot be opened)
 * @param target for 2-D data, the draw of π1 samples are shown over
 * @param images for a run whose π1 is Fashion-MNIST, its image grids and recorded image metrics
 * @param lineage the lineage of every stage's latest checkpoint, merged
 * @param notes what could not be shown, and why
 */
public record RunReport(
    RunHistory history, List<Series> losses, List<StageFigures> figures, Optional<Points> target,
    Optional<ImageReport> images, LineageGraph lineage,
    List<String> notes) {

  /** Points drawn from π0 and π1 to measure every stage on (sliced W2 on 1,000 points). */
  public static final int POINTS = 1_000;

  /** Where a run's report lives: {@code REFLOW_HOME/<runId>/report.html}. */
  public static Path defaultPath(Path home, String runId) {
    return home.resolve(HomeNames.runId(runId)).resolve("report.html");
  }

  /** Gathers and writes the report (through a temporary file, so a reader never sees half a page). */
  public static Path write(RunHistory history, Path home, Path out) {
    return write(history, home, out, Optional.empty());
  }

  /** Writes the report, taking the stages' figures that {@code prefetch} drew during the run. */
  public static Path write(RunHistory history, Path home, Path out, Optional<FigurePrefetch> prefetch) {
    String html = ReportHtml.page(gather(history, home, prefetch));
    Path target = out.toAbsolutePath();
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(temporary, html, StandardCharsets.UTF_8);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + target + ": " + e.getMessage()
          + " (is the folder writable? choose another with --out)", e);
    }
    return target;
  }

  /** Computes what the report shows; the costly part is sampling each stage's latest checkpoint. */
  public static RunReport gather(RunHistory history, Path home) {
    return gather(history, home, Optional.empty());
  }

  private static RunReport gather(RunHistory history, Path home, Optional<FigurePrefetch> prefetch) {
    RunInfo info = history.run().orElseThrow(() -> new IllegalArgumentException("the run has no history"));
    List<String> notes = new ArrayList<>();
    List<Series> losses = history.stages().values().stream().map(s -> LossCurve.of(s.id(), s.checkpoints())).toList();
    List<LineageNode> roots = new ArrayList<>();
    Runs runs = Runs.of(history);
    for (StageRecord s : history.stages().values()) {
      s.finalCheckpoint().flatMap(s::checkpoint).or(s::lastCheckpoint)
          .ifPresent(c -> roots.add(Lineage.upstream(runs, info.runId(), c.checkpointId())));
    }
    LineageGraph lineage = LineageGraph.of(roots);
    // a run recorded before the spec's folder was: relative data paths resolve from the current folder
    Path specDirectory = Path.of(info.specDirectory() == null ? "." : info.specDirectory()).toAbsolutePath();
    DataFiles.changed(info.dataSha256()).forEach(c -> notes.add("a data file is not what the run recorded; samples"
        + " are drawn from it as it is now: " + c));
    ExperimentSpec spec;
    StageFigures.Draws draws;
    try {
      spec = SpecReader.parse(info.specYaml(), "run " + info.runId() + " spec", specDirectory, List.of());
      if (ImageReport.shows(spec)) {
        return images(history, spec, home, losses, lineage, notes);
      }
      draws = draws(spec, info.seed(), home);
    } catch (SpecException | UncheckedIOException e) {
      notes.add("the flows cannot be sampled: the run's recorded spec or its data cannot be opened again ("
          + e.getMessage() + "); data files are looked up in " + specDirectory);
      return new RunReport(history, losses, List.of(), Optional.empty(), Optional.empty(), lineage, notes);
    }
    Map<String, Rectification> levels = Rectification.of(spec.stages());
    BlasThreads.share(ForkJoinPool.getCommonPoolParallelism() + 1);
    // Stages are measured independently, side by side on the machine's cores, and kept in order.
    List<StageFigures> figures = history.stages().values().parallelStream().map(s -> {
      StageSpec stageSpec = spec.stages().get(s.id());
      Optional<StageFigures> early = prefetch.flatMap(p -> p.figures(s, info.specSha256()));
      if (early.isPresent()) {
        return early.get();
      }
      try {
        return StageFigures.of(s, stageSpec, levels.get(s.id()), draws);
      } catch (IllegalStateException | UncheckedIOException e) { // a missing or corrupt artifact, a failed solve
        return StageFigures.unavailable(s, stageSpec, levels.get(s.id()), e.getMessage());
      }
    }).toList();
    figures.forEach(f -> notes.addAll(f.notes()));
    Optional<Points> target = draws.target().dim() == 2 ? Optional.of(draws.target()) : Optional.empty();
    return new RunReport(history, losses, List.copyOf(figures), target, Optional.empty(), lineage, notes);
  }

  /** The points every stage of a run is measured on: {@value #POINTS} draws of π0 and of π1 at the run's seed. */
  static StageFigures.Draws draws(ExperimentSpec spec, long seed, Path home) {
    Distribution pi0 = spec.source().open(seed, "pi0");
    Distribution pi1 = spec.target().open(seed, "pi1");
    return new StageFigures.Draws(pi0, pi1, pi0.sample(Rng.of(seed, "report", "x0", 0), POINTS),
        pi1.sample(Rng.of(seed, "report", "x1", 0), POINTS), seed, home);
  }

  /** The report of an image run: grids of a few samples per stage; its numbers are the recorded evaluations'. */
  private static RunReport images(RunHistory history, ExperimentSpec spec, Path home, List<Series> losses,
      LineageGraph lineage, List<String> notes) {
    BlasThreads.share(ForkJoinPool.getCommonPoolParallelism() + 1);
    ImageReport images = ImageReport.gather(history, spec, history.run().orElseThrow().seed(), home);
    notes.addAll(images.notes());
    return new RunReport(history, losses, List.of(), Optional.empty(), Optional.of(images), lineage, notes);
  }

  /** The run's resumptions, in order. */
  public List<Event.ExperimentResumed> resumptions() {
    return history.events().stream().filter(e -> e instanceof Event.ExperimentResumed)
        .map(Event.ExperimentResumed.class::cast).toList();
  }

  /** Every recorded evaluation, in journal order. */
  public List<Event.MetricsRecorded> metrics() {
    return history.events().stream().filter(e -> e instanceof Event.MetricsRecorded)
        .map(Event.MetricsRecorded.class::cast).toList();
  }
}
