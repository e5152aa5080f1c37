package org.reflow.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.reflow.experiment.CancelRequest;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunLock;
import org.reflow.experiment.RunState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow cancel RUN}: asks the process running a run to stop it, and waits until the journal says it did. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancels a running run, whoever started it (run, resume, the dashboard, a cluster coordinator on this machine):"
          + " the run's process records that it was cancelled, keeping every checkpoint and shard it recorded, and"
          + " ends with status " + RunSession.CANCELLED + " and the last line 'run <RUN_ID> cancelled'. 'reflow resume"
          + " RUN' continues it later from its last recorded checkpoint.",
      "Exit 0 once the journal records the cancellation; 1 if the run is not running here (ended, or stopped without"
          + " an end), if it ended otherwise meanwhile, or if its process did not answer within --wait; 2 for an"
          + " unknown or malformed run id."
    })
final class CancelCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(250);

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id ('reflow runs' lists them).")
  private String runId;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the run to record its cancellation (default: ${DEFAULT-VALUE}; 0 asks and"
          + " returns at once).")
  private int waitSeconds;

  @Mixin private HomeOption home;

  @Override
  public Integer call() throws InterruptedException {
    return KnownRun.act(home, runId, this::cancel);
  }

  private int cancel(ReflowSystem<Void> system, Journal journal, RunHistory history) throws InterruptedException {
    Path homePath = system.settings().home();
    Optional<String> refusal = CancelRequest.refusal(homePath, runId, history);
    if (refusal.isPresent()) {
      System.err.println(refusal.get());
      return 1;
    }
    CancelRequest.request(homePath, runId, "reflow cancel, pid " + ProcessHandle.current().pid() + " on "
        + ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", ""));
    if (waitSeconds <= 0) {
      System.out.println("run " + runId + ": cancellation requested; 'reflow show " + runId + "' shows when it is recorded");
      return 0;
    }
    return await(journal, homePath, Duration.ofSeconds(waitSeconds));
  }

  private int await(Journal journal, Path homePath, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      boolean running = RunLock.isHeld(homePath, runId); // before reading: the process records, then lets go
      RunHistory now = journal.history(runId);
      if (now.state() instanceof RunState.Finished f) {
        if (f.cancelled().isPresent()) {
          System.out.println("run " + runId + " cancelled at " + f.cancelled().get().cancelledAt() + "; 'reflow resume "
              + runId + "' continues it from its last recorded checkpoint");
          return 0;
        }
        System.err.println("run " + runId + " ended before it could be cancelled: it " + now.status());
        return 1;
      }
      if (!running) {
        System.err.println("run " + runId + "'s process ended without recording the cancellation (killed?); the run"
            + " stopped without an end, and 'reflow resume " + runId + "' continues it");
        CancelRequest.clear(homePath, runId);
        return 1;
      }
      Thread.sleep(POLL.toMillis());
    }
    System.err.println("run " + runId + " has not recorded its cancellation within " + within.toSeconds() + " s; the"
        + " request stays in " + CancelRequest.file(homePath, runId) + " for its process to answer ('reflow show "
        + runId + "' shows when it does)");
    return 1;
  }
}
