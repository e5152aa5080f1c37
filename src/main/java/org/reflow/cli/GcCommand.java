package org.reflow.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.home.HomeGc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reflow gc}: deletes what no recorded run needs. */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes from REFLOW_HOME what no recorded run needs: artifacts no remaining run reaches (its checkpoints,"
          + " coupling shards, and everything its lineage passes through stay), temporary files left by killed"
          + " processes, runs forgotten with 'reflow rm' (their events, folder and lock), and a stale lineage index.",
      "While a run is being written, unreferenced files younger than 10 minutes are kept. Safe to run at any"
          + " time; prints what it freed (see docs/home-maintenance.md)."
    })
final class GcCommand implements Callable<Integer> {

  @Mixin private HomeOption home;

  @Option(names = "--dry-run", description = "Print what would be deleted; delete nothing.")
  private boolean dryRun;

  @Override
  public Integer call() {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      Path homePath = system.settings().home();
      HomeGc.Plan plan = HomeGc.plan(homePath, new Journal(system));
      System.out.println("gc of " + homePath + (dryRun ? " (dry run: nothing is deleted)" : ""));
      line("artifacts no run needs", plan.artifacts());
      line("temporary files", plan.temporaries());
      line("folders of forgotten runs", plan.runFolders());
      line("stale lineage index", plan.staleIndex());
      plan.forgottenRuns().forEach((runId, events) ->
          System.out.printf("  forgotten run %s: its %d events are deleted from the journal%n", runId, events));
      plan.keptForgotten().forEach((runId, dependents) ->
          System.out.printf("  kept forgotten run %s: the lineage of %s passes through it%n", runId, String.join(", ", dependents.runs())));
      if (plan.youngKept() > 0) {
        System.out.printf("  kept %s younger than %d minutes%s%n", Sizes.files(plan.youngKept()), HomeGc.GRACE.toMinutes(),
            plan.liveRuns().isEmpty() ? "" : " while " + String.join(", ", plan.liveRuns()) + " is being written");
      }
      if (dryRun) {
        System.out.println("would free " + Sizes.files(plan.files().size()) + ", " + Sizes.bytes(plan.bytes())
            + (plan.forgottenRuns().isEmpty() ? "" : " and " + plan.forgottenRuns().size() + " forgotten runs' events"));
        return 0;
      }
      Set<String> removed = HomeGc.sweep(plan, system.settings());
      List<String> skipped = plan.forgottenRuns().keySet().stream().filter(r -> !removed.contains(r)).toList();
      skipped.forEach(r -> System.out.println("  kept run " + r + ": it was taken by another process meanwhile"));
      System.out.println("freed " + Sizes.files(plan.files().size()) + ", " + Sizes.bytes(plan.bytes())
          + (removed.isEmpty() ? "" : " and " + removed.size() + " forgotten runs' events")
          + (removed.isEmpty() ? "" : "; 'reflow compact' gives the journal's space back"));
      return 0;
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  private static void line(String what, List<HomeGc.Garbage> files) {
    if (!files.isEmpty()) {
      System.out.printf("  %-26s %s, %s%n", what + ":", Sizes.files(files.size()),
          Sizes.bytes(files.stream().mapToLong(HomeGc.Garbage::bytes).sum()));
    }
  }
}
