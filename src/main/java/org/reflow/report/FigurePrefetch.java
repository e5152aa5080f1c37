package org.reflow.report;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecException;

/**
 * The report's figures of each stage, drawn while the run goes on: a stage's as soon as it
 * completed (or, on a resume, was kept), on one background thread, so the report at the run's end
 * only draws what completed last and assembles the page. A completed stage's figures depend only on
 * its final checkpoint, its coupling and the run's draws, which no later event changes; the report
 * takes them only for the same spec, checkpoint and status, and otherwise draws them itself as it
 * always did. Image runs draw their grids at the end ({@link ImageReport}).
 */
public final class FigurePrefetch implements AutoCloseable {

  private final ExperimentSpec spec;
  private final Path home;
  private final Function<String, RunHistory> history;
  private final String runId;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
    Thread t = new Thread(task, "report-figures");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Future<Optional<StageFigures>>> drawn = new ConcurrentHashMap<>();
  private final Map<String, Rectification> levels;
  private final AtomicInteger taken = new AtomicInteger();
  /** The report's draws of π0 and π1, made once on the background thread; empty until then or if they cannot be. */
  private Optional<StageFigures.Draws> draws = Optional.empty();

  private FigurePrefetch(ExperimentSpec spec, Path home, String runId, Function<String, RunHistory> history) {
    this.spec = spec;
    this.home = home;
    this.runId = runId;
    this.history = history;
    this.levels = Rectification.of(spec.stages());
  }

  /**
   * Draws figures for run {@code runId} of {@code spec} (with artifacts under {@code home}) as its
   * stages complete; {@code history} reads a run's history from the journal.
   */
  public static FigurePrefetch of(ExperimentSpec spec, Path home, String runId, Function<String, RunHistory> history) {
    return new FigurePrefetch(spec, home, runId, history);
  }

  /** Starts drawing the figures of {@code stage}, which has just completed (or was kept by a resume). */
  public void stageCompleted(String stage) {
    if (!ImageReport.shows(spec) && spec.stages().containsKey(stage)) {
      drawn.computeIfAbsent(stage, s -> thread.submit(() -> draw(s)));
    }
  }

  private Optional<StageFigures> draw(String stage) {
    try {
      if (draws.isEmpty()) {
        draws = Optional.of(RunReport.draws(spec, spec.seed(), home));
      }
      RunHistory now = history.apply(runId);
      StageRecord record = now.stages().get(stage);
      StageFigures figures = StageFigures.of(record, spec.stages().get(stage), levels.get(stage), draws.get());
      // the report colours a stage by its place in the run's stages; the page takes the charts only for that place
      int index = List.copyOf(now.stages().keySet()).indexOf(stage);
      return Optional.of(draws.get().target().dim() == 2 ? figures.withCharts(draws.get().target(), index) : figures);
    } catch (SpecException | IllegalStateException | UncheckedIOException e) {
      return Optional.empty(); // the report draws it again and says what is wrong
    }
  }

  /**
   * The figures drawn early for {@code stage} as the run's history records it now (run from the
   * spec whose SHA-256 is {@code specSha256}), waiting for them if they are being drawn; empty when
   * none were, or not of this spec, checkpoint and status.
   */
  Optional<StageFigures> figures(StageRecord stage, String specSha256) {
    Future<Optional<StageFigures>> future = drawn.get(stage.id());
    if (future == null || !spec.sha256().equals(specSha256)) {
      return Optional.empty();
    }
    try {
      Optional<StageFigures> figures = future.get().filter(f -> f.checkpoint().equals(StageFigures.measured(stage))
          && f.status().equals(StageFigures.status(stage)));
      figures.ifPresent(f -> taken.incrementAndGet());
      return figures;
    } catch (ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** How many stages' figures drawn during the run the report took. */
  public int taken() {
    return taken.get();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
