package org.reflow.cli;

import java.net.InetAddress;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSettings;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunState;
import org.reflow.spec.ExperimentSpec;
import org.reflow.work.Conductor;
import org.reflow.work.WorkerNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reflow run}: validates an experiment, runs its stage graph on this node's workers, prints the summary. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an experiment graph: validates it, records it in the journal under REFLOW_HOME, trains,"
          + " generates couplings and evaluates on this machine's workers, with progress lines as it goes"
          + " and a summary table per stage at the end.",
      "The last line is 'run <RUN_ID> completed' (exit 0) or 'run <RUN_ID> failed' (exit 1); an invalid"
          + " file exits 2 before anything runs."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin private SpecOptions input;

  @Mixin private HomeOption home;

  @Override
  public Integer call() throws Exception {
    Optional<ExperimentSpec> read = input.read();
    if (read.isEmpty()) {
      return 2;
    }
    ExperimentSpec spec = read.get();
    String runId = newRunId();
    CompletableFuture<RunPrinter.Outcome> outcome = new CompletableFuture<>();
    var config = home.config();
    String host = InetAddress.getLocalHost().getHostName();
    ReflowSystem<Void> system;
    try {
      system = ReflowSystem.start(guardian(spec, runId, host, outcome), config);
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    try {
      System.out.printf("run %s: experiment '%s', %d stages, home %s%n", runId, spec.name(), spec.stages().size(),
          system.settings().home());
      RunPrinter.Outcome result;
      try {
        result = outcome.get();
      } catch (java.util.concurrent.ExecutionException e) {
        System.out.println(e.getCause().getMessage());
        System.out.println("run " + runId + " failed");
        return 1;
      }
      System.out.println();
      System.out.print(SummaryTable.render(spec, result));
      boolean completed = result.state() instanceof RunState.Finished f && f.succeeded();
      if (!completed && result.state() instanceof RunState.Finished f) {
        System.out.println(f.failure().orElse(""));
      }
      System.out.println("run " + runId + (completed ? " completed" : " failed"));
      return completed ? 0 : 1;
    } finally {
      try {
        system.close();
      } catch (IllegalStateException e) {
        // A worker still inside a long computation (a failed run's other branch) holds a thread.
        System.err.println("reflow: " + e.getMessage() + "; a worker was mid-computation, exiting anyway");
      }
    }
  }

  private static Behavior<Void> guardian(ExperimentSpec spec, String runId, String host,
      CompletableFuture<RunPrinter.Outcome> outcome) {
    return Behaviors.setup(context -> {
      ReflowSettings settings = ReflowSettings.from(context.getSystem().settings().config());
      WorkerNode.spawn(context, settings.workers().trainers(), settings.workers().simulators(), settings.workers().evaluators());
      var experiment = context.spawn(Experiment.create(runId), "experiment-" + runId);
      var printer = context.spawn(RunPrinter.create(System.out, System.console() != null, outcome), "printer");
      var conductor = context.spawn(Conductor.create(spec, runId, settings.home().toString(), host, experiment, printer), "conductor");
      context.watch(conductor);
      return Behaviors.receive(Void.class)
          .onSignal(ChildFailed.class, failed -> {
            // A normal end reaches the printer first; a failed Conductor would leave the command waiting.
            outcome.completeExceptionally(new IllegalStateException("the run's conductor failed (" + failed.getCause()
                + "); the journal under REFLOW_HOME keeps what was recorded"));
            return Behaviors.same();
          })
          .onSignal(Terminated.class, stopped -> Behaviors.same())
          .build();
    });
  }

  /** Sortable and unique enough for one home: start time plus 16 random bits. */
  private static String newRunId() {
    byte[] random = new byte[2];
    new java.security.SecureRandom().nextBytes(random);
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + HexFormat.of().formatHex(random);
  }
}
