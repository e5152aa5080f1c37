package org.reflow.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.RunLock;
import org.reflow.home.Forgotten;
import org.reflow.run.ResumePlan;
import org.reflow.run.RunGuardian;
import org.reflow.spec.DataFiles;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecException;
import org.reflow.spec.SpecReader;
import org.reflow.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow resume RUN}: continues a stopped run from its events, exactly where it stopped. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continues a run that stopped without completing (killed, crashed, or failed) from what its journal"
          + " recorded, with the spec it recorded: completed stages are kept, a stage in training restarts"
          + " from its last checkpoint (model, optimizer, step), a coupling keeps its finished shards, and"
          + " checkpoints that missed their evaluation get it. With the same thread count the final"
          + " checkpoints are byte-identical to an uninterrupted run's.",
      "Lost or damaged artifacts are rebuilt from their recorded recipe and checked against their recorded"
          + " hashes; what cannot be rebuilt is named, and nothing changes. Output and exit status as for 'run';"
          + " a completed run exits 0 and changes nothing.",
      "A data file that is not the bytes the run recorded (by SHA-256) refuses the resume, naming the file and both"
          + " hashes (exit 1), unless " + DataFiles.ACCEPT_OPTION + " is given."
    })
final class ResumeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id ('reflow runs' lists them).")
  private String runId;

  @Option(names = DataFiles.ACCEPT_OPTION,
      description = "Resume although a data file of the run changed since it was recorded: the run reads the file as"
          + " it is now, and the journal records the change (path, recorded and new SHA-256) before the resumption."
          + " A missing data file is still refused.")
  private boolean acceptChangedData;

  @Option(names = "--profile", description = "After the summary, print where the run's wall time went"
      + " (start-up, coupling generation, training steps, waits, evaluations, report, shutdown): 'reflow show RUN"
      + " --timings' prints the same table later.")
  private boolean profile;

  @Mixin private HomeOption home;

  @Mixin private ClusterOptions cluster;

  @Override
  public Integer call() {
    if (!IdArguments.isRunId(runId)) {
      return 2;
    }
    Optional<ReflowSystem<RunGuardian.Start>> started = RunSession.start(home, cluster);
    if (started.isEmpty()) {
      return 1;
    }
    ReflowSystem<RunGuardian.Start> system = started.get();
    try {
      return resume(system);
    } finally {
      RunSession.close(system);
    }
  }

  private int resume(ReflowSystem<RunGuardian.Start> system) {
    Path homePath = system.settings().home();
    RunHistory history = new Journal(system).history(runId);
    if (history.run().isEmpty()) {
      System.err.println("no run '" + runId + "' in " + homePath + "; 'reflow runs' lists the runs there"
          + " (or give --home)");
      return 2;
    }
    if (completed(history)) {
      return 0;
    }
    RunLock lock;
    try {
      lock = RunLock.acquire(system.settings(), runId);
    } catch (RunLock.HeldException | ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    try (lock) {
      if (Forgotten.isForgotten(homePath, runId)) { // checked under the lock 'rm' takes to forget it
        System.err.println(Forgotten.message(homePath, runId));
        return 1;
      }
      history = new Journal(system).history(runId); // what the last writer recorded before it let go
      if (completed(history)) {
        return 0;
      }
      RunInfo info = history.run().orElseThrow();
      List<DataFiles.Changed> changed = DataFiles.changed(info.dataSha256());
      if (!changed.isEmpty() && (!acceptChangedData || changed.stream().anyMatch(c -> !c.present()))) {
        System.err.println(DataFiles.refusal(runId, "resuming it", changed));
        return 1;
      }
      ExperimentSpec spec;
      try {
        spec = SpecReader.parse(info.specYaml(), "the spec recorded by run " + runId, Path.of(java.util.Objects.requireNonNullElse(info.specDirectory(), ".")),
            List.of());
      } catch (SpecException e) {
        System.err.println(e.getMessage());
        System.err.println("run " + runId + " recorded this spec when it was submitted; its data files must still be"
            + " where they were then (relative to " + info.specDirectory() + ")");
        return 1;
      }
      ResumePlan plan;
      try {
        Instant now = Instant.now();
        plan = ResumePlan.of(history, spec, ArtifactStore.open(homePath)).accepting(changed.stream()
            .map(c -> new Event.DataChangeAccepted(c.path(), c.recordedSha256(), c.current().orElseThrow(), now)).toList());
      } catch (ResumePlan.Refused e) {
        System.err.println(e.getMessage());
        return 1;
      }
      System.out.printf("run %s: resuming experiment '%s' (%s), home %s%n", runId, info.name(),
          history.failure().map(f -> "it failed: " + f)
          .orElse(history.status().equals("cancelled") ? "it was cancelled" : "it stopped without an end"), homePath);
      plan.notes().forEach(n -> System.out.println("  " + n));
      changed.forEach(c -> System.out.println("  accepted a changed data file (" + DataFiles.ACCEPT_OPTION + "): " + c));
      return RunSession.conduct(system, spec, runId, Optional.of(plan), profile);
    }
  }

  private boolean completed(RunHistory history) {
    if (!history.status().equals("completed")) {
      return false;
    }
    System.out.println("run " + runId + " completed; there is nothing to resume ('reflow show " + runId
        + "' shows its results)");
    return true;
  }
}
