package org.reflow.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSettings;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.report.RunReport;
import org.reflow.spec.ExperimentSpec;
import org.reflow.work.Conductor;
import org.reflow.work.ResumePlan;
import org.reflow.work.WorkerNode;

/**
 * One run conducted to its end on this machine's workers and printed — a new run for
 * {@code run}, a stopped one for {@code resume}: the same guardian, printer and summary.
 */
final class RunSession {

  /** Conduct {@code spec} as {@code runId}; with a plan, continue that stopped run. */
  record Start(ExperimentSpec spec, String runId, Optional<ResumePlan> plan, CompletableFuture<RunPrinter.Outcome> outcome) {}

  private RunSession() {}

  /** The guardian: this node's workers from the start, then one run's Experiment, printer and Conductor per {@link Start}. */
  static Behavior<Start> guardian() {
    return Behaviors.setup(context -> {
      ReflowSettings settings = ReflowSettings.from(context.getSystem().settings().config());
      WorkerNode.spawn(context, settings.workers().trainers(), settings.workers().simulators(), settings.workers().evaluators());
      String host = hostName();
      AtomicReference<CompletableFuture<RunPrinter.Outcome>> running = new AtomicReference<>();
      AtomicReference<ActorRef<Experiment.Command>> ledger = new AtomicReference<>();
      return Behaviors.receive(Start.class)
          .onMessage(Start.class, start -> {
            running.set(start.outcome());
            var experiment = context.spawn(Experiment.create(start.runId()), "experiment-" + start.runId());
            ledger.set(experiment);
            context.watch(experiment); // it stops on a journal failure: the run must stop with it, not wait
            var printer = context.spawn(RunPrinter.create(System.out, System.console() != null, start.outcome()), "printer");
            var conductor = context.spawn(Conductor.create(start.spec(), start.runId(), settings.home().toString(), host,
                experiment, printer, start.plan()), "conductor");
            context.watch(conductor);
            return Behaviors.same();
          })
          .onSignal(ChildFailed.class, failed -> {
            if (failed.getRef().equals(ledger.get())) {
              running.get().completeExceptionally(new JournalStopped(failed.getCause()));
              return Behaviors.same();
            }
            // A normal end reaches the printer first; a failed Conductor would leave the command waiting.
            running.get().completeExceptionally(new IllegalStateException("the run's conductor failed ("
                + failed.getCause() + "); the journal under REFLOW_HOME keeps what was recorded"));
            return Behaviors.same();
          })
          .onSignal(Terminated.class, stopped -> Behaviors.same())
          .build();
    });
  }

  /** The actor system with {@link #guardian}, or empty after saying why REFLOW_HOME cannot be used. */
  static Optional<ReflowSystem<Start>> start(HomeOption home) {
    try {
      return Optional.of(ReflowSystem.start(guardian(), home.config()));
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Conducts the run to its end, then prints the summary table (from the journal), writes the
   * HTML report and prints its path, and the last line, {@code run <ID> completed|failed}; a run
   * whose journal failed ends with {@link StopNotice}'s paragraph instead of the summary. Until the
   * system is closed, what libraries log goes to the run's {@link RunLog}, not the terminal.
   * Returns the exit status: 0 completed, 1 otherwise.
   */
  static int conduct(ReflowSystem<Start> system, ExperimentSpec spec, String runId, Optional<ResumePlan> plan) {
    try (RunLog log = RunLog.open(system.settings().home(), runId)) {
      int status = conduct(system, spec, runId, plan, log);
      close(system, log.terminal()); // shutting down logs too (a failed journal's connections): into the log
      return status;
    }
  }

  private static int conduct(ReflowSystem<Start> system, ExperimentSpec spec, String runId, Optional<ResumePlan> plan,
      RunLog log) {
    CompletableFuture<RunPrinter.Outcome> outcome = new CompletableFuture<>();
    system.actorSystem().tell(new Start(spec, runId, plan, outcome));
    try {
      outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.out.println("interrupted; the journal keeps what was recorded: 'reflow resume " + runId + "' continues");
      System.out.println("run " + runId + " failed");
      return 1;
    } catch (ExecutionException e) {
      System.out.println(e.getCause() instanceof JournalStopped stopped
          ? StopNotice.journalStopped(system.settings(), runId, stopped.getCause(), log.file())
          : e.getCause().getMessage());
      System.out.println("run " + runId + " failed");
      return 1;
    }
    RunHistory history = new Journal(system).history(runId);
    if (history.run().isEmpty()) { // the submission was never recorded: there is no run to name
      System.out.println("nothing was recorded and nothing ran; start the experiment again once the cause above is fixed");
      return 1;
    }
    System.out.println();
    System.out.print(SummaryTable.render(spec, history));
    boolean completed = history.status().equals("completed");
    if (!completed) {
      history.failure().ifPresent(f -> System.out.println(StopNotice.runFailed(runId, f, log.file())));
    }
    Path home = system.settings().home();
    try {
      System.out.println("report: " + RunReport.write(history, home, RunReport.defaultPath(home, runId)));
    } catch (RuntimeException e) { // the run's outcome stands; the report can be made again
      System.out.println("report: not written (" + e.getMessage() + "); 'reflow report " + runId + "' tries again");
    }
    System.out.println("run " + runId + (completed ? " completed" : " failed"));
    return completed ? 0 : 1;
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

  /** The run's Experiment stopped: its journal failed (the cause says how). */
  private static final class JournalStopped extends RuntimeException {
    JournalStopped(Throwable cause) {
      super(cause);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
