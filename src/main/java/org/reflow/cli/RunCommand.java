package org.reflow.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunLock;
import org.reflow.run.RunGuardian;
import org.reflow.spec.ExperimentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reflow run}: validates an experiment, runs its stage graph on this node's workers, prints the summary. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an experiment graph: validates it, records it in the journal under REFLOW_HOME, trains,"
          + " generates couplings and evaluates on this machine's workers, with progress lines as it goes"
          + " and a summary table per stage at the end.",
      "The last line is 'run <RUN_ID> completed' (exit 0) or 'run <RUN_ID> failed' (exit 1); an invalid"
          + " file exits 2 before anything runs. A run that stops on the way (killed, crashed, failed) continues"
          + " with 'reflow resume RUN_ID'."
    })
final class RunCommand implements Callable<Integer> {

  @Option(names = "--profile", description = "After the summary, print where the run's wall time went"
      + " (start-up, coupling generation, training steps, waits, evaluations, report, shutdown): 'reflow show RUN"
      + " --timings' prints the same table later.")
  private boolean profile;

  @Mixin private SpecOptions input;

  @Mixin private HomeOption home;

  @Mixin private ClusterOptions cluster;

  @Override
  public Integer call() {
    Optional<ExperimentSpec> read = input.read();
    if (read.isEmpty()) {
      return 2;
    }
    ExperimentSpec spec = read.get();
    String runId = newRunId();
    Optional<ReflowSystem<RunGuardian.Start>> started = RunSession.start(home, cluster);
    if (started.isEmpty()) {
      return 1;
    }
    ReflowSystem<RunGuardian.Start> system = started.get();
    try (RunLock lock = RunLock.acquire(system.settings(), runId)) {
      // the first line, 'run <RUN_ID>: …', is printed once the journal holds the submission
      return RunSession.conduct(system, spec, runId, Optional.empty(), profile);
    } catch (ReflowHomeException e) { // the journal's database refused the run's lease
      System.err.println(e.getMessage());
      return 1;
    } finally {
      RunSession.close(system);
    }
  }

  /** Sortable and unique enough for one home: start time plus 16 random bits. */
  private static String newRunId() {
    byte[] random = new byte[2];
    new java.security.SecureRandom().nextBytes(random);
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + HexFormat.of().formatHex(random);
  }
}
