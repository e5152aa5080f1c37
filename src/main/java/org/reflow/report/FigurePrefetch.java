package org.reflow.report;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.ExperimentSpec;

/**
 * The report's figures and charts of every stage, drawn on one background thread as soon as the
 * run's last stage completed: while the final evaluations run, when one core is free. Drawn any
 * earlier, they take the core the Trainer's neighbours share and slow its steps by more than the
 * report gains (main job, 2 cores, 6 rounds each: drawn as each stage completed, steps +1.4 s and
 * wall 30.3 s; drawn here, wall 29.9 s; all drawn by the report at the end, 31.3 s). A completed
 * stage's figures depend only on its final checkpoint, its coupling and the run's draws, which no
 * later event changes; the report takes them only for the same spec, checkpoint and status, and
 * otherwise draws them itself (beside this thread, those it has not begun). A run with a failed
 * stage, a resume that kept a completed stage and an image run ({@link ImageReport}) draw
 * everything at the end, as before.
 */
public final class FigurePrefetch implements AutoCloseable {

  private final ExperimentSpec spec;
  private final Path home;
  private final Supplier<RunHistory> history;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
    Thread t = new Thread(task, "report-figures");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> completed = new LinkedHashSet<>();
  private final Map<String, Drawing> drawings = new ConcurrentHashMap<>();
  private final Map<String, Rectification> levels;
  private final AtomicInteger taken = new AtomicInteger();
  /** The report's draws of π0 and π1, made once by the background thread (which alone uses them). */
  private StageFigures.Draws draws;
  /** The run's history once every stage completed, read once by the background thread. */
  private RunHistory completedHistory;

  /** One stage's drawing: claimed either by the background thread or, not begun yet, by the report. */
  private record Drawing(AtomicBoolean claimed, CompletableFuture<Optional<StageFigures>> figures) {}

  private FigurePrefetch(ExperimentSpec spec, Path home, Supplier<RunHistory> history) {
    this.spec = spec;
    this.home = home;
    this.history = history;
    this.levels = Rectification.of(spec.stages());
  }

  /**
   * Draws the figures of a run of {@code spec} (with artifacts under {@code home}) once its stages
   * completed; {@code history} reads the run's history from the journal.
   */
  public static FigurePrefetch of(ExperimentSpec spec, Path home, Supplier<RunHistory> history) {
    return new FigurePrefetch(spec, home, history);
  }

  /** Notes that {@code stage} completed; once every stage has, starts drawing them all. */
  public synchronized void stageCompleted(String stage) {
    if (!ImageReport.shows(spec) && spec.stages().containsKey(stage) && completed.add(stage)
        && completed.size() == spec.stages().size()) {
      for (String s : completed) {
        Drawing drawing = new Drawing(new AtomicBoolean(), new CompletableFuture<>());
        drawings.put(s, drawing);
        thread.execute(() -> {
          if (drawing.claimed().compareAndSet(false, true)) {
            try {
              drawing.figures().complete(draw(s));
            } catch (Throwable e) { // never leave the report waiting
              drawing.figures().complete(Optional.empty());
              throw e;
            }
          }
        });
      }
    }
  }

  private Optional<StageFigures> draw(String stage) {
    try {
      if (completedHistory == null) {
        StageFigures.Draws made = RunReport.draws(spec, spec.seed(), home);
        completedHistory = history.get();
        draws = made;
      }
      StageRecord record = completedHistory.stages().get(stage);
      StageFigures figures = StageFigures.of(record, spec.stages().get(stage), levels.get(stage), draws);
      // the report colours a stage by its place in the run's stages; the page takes the charts only for that place
      int index = List.copyOf(completedHistory.stages().keySet()).indexOf(stage);
      return Optional.of(figures.withCharts(draws.target(), index));
    } catch (RuntimeException e) { // a missing artifact, a journal that cannot be read: the report says what is wrong
      return Optional.empty();
    }
  }

  /**
   * The figures drawn early for {@code stage} as the run's history records it now (run from the
   * spec whose SHA-256 is {@code specSha256}), waiting for them if they are being drawn; empty when
   * none were, when their drawing had not begun (the report then draws them beside this thread), or
   * when they are not of this spec, checkpoint and status.
   */
  Optional<StageFigures> figures(StageRecord stage, String specSha256) {
    Drawing drawing = drawings.get(stage.id());
    if (drawing == null || !spec.sha256().equals(specSha256) || drawing.claimed().compareAndSet(false, true)) {
      return Optional.empty();
    }
    Optional<StageFigures> figures = drawing.figures().join().filter(f -> f.checkpoint().equals(StageFigures.measured(stage))
        && f.status().equals(StageFigures.status(stage)));
    figures.ifPresent(f -> taken.incrementAndGet());
    return figures;
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
