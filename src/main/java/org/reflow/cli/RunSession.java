package org.reflow.cli;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.reflow.cluster.ClusterSetupException;
import org.reflow.cluster.ClusterTransport;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.report.FigurePrefetch;
import org.reflow.report.ProcessTimes;
import org.reflow.experiment.RunState;
import org.reflow.report.RunReport;
import org.reflow.report.RunTimings;
import org.reflow.run.ResumePlan;
import org.reflow.run.RunGuardian;
import org.reflow.spec.ExperimentSpec;
import org.reflow.text.Redaction;

/**
 * One run conducted to its end on this machine's workers and printed — a new run for
 * {@code run}, a stopped one for {@code resume}: the same {@link RunGuardian}, printer and summary.
 */
final class RunSession {

  /** The exit status of a run or resume that a person cancelled ({@code reflow cancel}, the dashboard). */
  static final int CANCELLED = 3;

  private RunSession() {}

  /**
   * The actor system with a {@link RunGuardian}, or empty after saying why REFLOW_HOME or the
   * cluster options cannot be used. With {@code --port}, the system is a cluster's seed and says
   * where nodes join it.
   */
  static Optional<ReflowSystem<RunGuardian.Start>> start(HomeOption home, ClusterOptions cluster) {
    try {
      Optional<ClusterTransport> transport = cluster.transport();
      Config config = ClusterOptions.config(transport).withFallback(home.config());
      ReflowSystem<RunGuardian.Start> system = ReflowSystem.start(RunGuardian.create(cluster.localWorkers()), config);
      transport.ifPresent(t -> {
        t.startMembership(system.actorSystem());
        var self = system.actorSystem().address();
        String where = self.host().get() + ":" + self.port().get();
        System.out.println("cluster: listening on " + where + (t.tls().isPresent() ? " (mutual TLS)" : "")
            + "; workers join with 'reflow node --join " + where + "'"
            + (cluster.localWorkers() ? "" : "; this process only coordinates"));
      });
      return Optional.of(system);
    } catch (ReflowHomeException | ClusterSetupException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Conducts the run to its end, then prints the summary table (from the journal), writes the
   * HTML report and prints its path, and the last line, {@code run <ID> completed|completed with failures|failed}; a run
   * whose journal failed ends with {@link StopNotice}'s paragraph instead of the summary. Until the
   * system is closed, what libraries log goes to the run's {@link RunLog}, not the terminal.
   * Records the report's and shutdown's times in {@link ProcessTimes}; with {@code profile}, prints
   * the run's {@link RunTimings} before the last line. Returns the exit status: 0 completed, {@link #CANCELLED}
   * cancelled, 1 otherwise.
   */
  static int conduct(ReflowSystem<RunGuardian.Start> system, ExperimentSpec spec, String runId, Optional<ResumePlan> plan,
      boolean profile) {
    Path home = system.settings().home();
    try (RunLog log = RunLog.open(home, runId)) {
      Conducted conducted = conduct(system, spec, runId, plan, log);
      long shutdownStart = System.nanoTime();
      close(system, log.terminal()); // shutting down logs too (a failed journal's connections): into the log
      double shutdownSeconds = (System.nanoTime() - shutdownStart) / 1e9;
      if (!conducted.entries().isEmpty()) {
        ProcessTimes times = new ProcessTimes(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()),
            conducted.reportSeconds(), conducted.figuresDrawnEarly(), shutdownSeconds, Instant.now());
        try {
          times.write(home, runId);
        } catch (UncheckedIOException e) { // the run's outcome stands; only its timings lack the end
          System.out.println("timings: " + e.getMessage());
        }
        if (profile) {
          System.out.println();
          System.out.print(RunTimings.of(runId, conducted.entries(), Optional.of(times)).render());
        }
      }
      conducted.lastLine().ifPresent(System.out::println);
      return conducted.status();
    }
  }

  /**
   * A conducted run: its exit status, the last line still to print, its journal entries, the
   * report's seconds and how many stages' figures it took from those drawn during the run.
   */
  private record Conducted(int status, Optional<String> lastLine, List<Journal.Entry> entries, double reportSeconds,
      int figuresDrawnEarly) {
    static Conducted failed(int status) {
      return new Conducted(status, Optional.empty(), List.of(), 0, 0);
    }
  }

  private static Conducted conduct(ReflowSystem<RunGuardian.Start> system, ExperimentSpec spec, String runId,
      Optional<ResumePlan> plan, RunLog log) {
    Path home = system.settings().home();
    try (FigurePrefetch prefetch = FigurePrefetch.of(spec, home, () -> new Journal(system).history(runId))) {
      return conduct(system, spec, runId, plan, log, prefetch);
    }
  }

  private static Conducted conduct(ReflowSystem<RunGuardian.Start> system, ExperimentSpec spec, String runId,
      Optional<ResumePlan> plan, RunLog log, FigurePrefetch prefetch) {
    CompletableFuture<RunPrinter.Outcome> outcome = new CompletableFuture<>();
    system.actorSystem().tell(new RunGuardian.Start(spec, runId, plan,
        RunPrinter.create(System.out, System.console() != null, outcome, prefetch::stageCompleted), outcome));
    try {
      outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.out.println("interrupted; the journal keeps what was recorded: 'reflow resume " + runId + "' continues");
      System.out.println("run " + runId + " failed");
      return Conducted.failed(1);
    } catch (ExecutionException e) {
      System.out.println(e.getCause() instanceof RunGuardian.JournalStopped stopped
          ? StopNotice.journalStopped(system.settings(), runId, stopped.getCause(), log.file())
          : Redaction.text(e.getCause().getMessage()));
      System.out.println("run " + runId + " failed");
      return Conducted.failed(1);
    }
    List<Journal.Entry> entries = new Journal(system).entries(runId);
    RunHistory history = RunHistory.of(entries.stream().map(Journal.Entry::event).toList());
    if (history.run().isEmpty()) { // the submission was never recorded: there is no run to name
      System.out.println("nothing was recorded and nothing ran; start the experiment again once the cause above is fixed");
      return Conducted.failed(1);
    }
    System.out.println();
    System.out.print(SummaryTable.render(spec, history));
    boolean completed = history.status().equals("completed");
    if (!completed) {
      history.failure().ifPresent(f -> System.out.println(StopNotice.runFailed(runId, f, log.file())));
      if (history.state() instanceof RunState.Finished f && f.cancelled().isPresent()) {
        System.out.println(StopNotice.cancelled(runId, f.cancelled().get()));
      }
      if (history.state() instanceof RunState.Finished f && f.succeeded()) {
        System.out.println(StopNotice.variantsFailed(runId, f, log.file()));
      }
    }
    Path home = system.settings().home();
    long reportStart = System.nanoTime();
    try {
      System.out.println("report: " + RunReport.write(history, home, RunReport.defaultPath(home, runId), Optional.of(prefetch)));
    } catch (RuntimeException e) { // the run's outcome stands; the report can be made again
      System.out.println("report: not written (" + e.getMessage() + "); 'reflow report " + runId + "' tries again");
    }
    double reportSeconds = (System.nanoTime() - reportStart) / 1e9;
    int status = completed ? 0 : history.status().equals("cancelled") ? CANCELLED : 1;
    return new Conducted(status, Optional.of("run " + runId + " " + history.status()), entries,
        reportSeconds, prefetch.taken());
  }

  /** Closes the system; a worker still inside a long computation (a failed run's other branch) is left to exit. */
  static void close(ReflowSystem<?> system) {
    close(system, System.err);
  }

  private static void close(ReflowSystem<?> system, PrintStream terminal) {
    try {
      system.close();
    } catch (IllegalStateException e) {
      terminal.println("reflow: " + e.getMessage() + "; a worker was mid-computation, exiting anyway");
    }
  }
}
