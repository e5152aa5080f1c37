package org.reflow.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.home.Forgotten;
import org.reflow.report.ProcessTimes;
import org.reflow.report.RunDocuments;
import org.reflow.report.RunTimings;
import org.reflow.report.Replicates;
import org.reflow.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow show RUN}: a run's stages, checkpoints and latest metrics, from the journal. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Shows one run: its spec hash and status, and per stage its kind, status, checkpoints and the latest"
          + " metrics per evaluation solver.",
      "--json prints one object: id, experiment, status, seed, specSha256, submittedAt, completedAt, failure,"
          + " resumes [{resumption, resumedAt, host, keptStages, restartSteps}] and stages, each with id, kind, status, attempts, nodes, attemptLog [{attempt, outcome, nodes {role: host:port}}], checkpoints, finalCheckpoint {id, sha256}"
          + " and metrics {solver: {checkpoint, step, values}}, variant (\"\" for a plain run); stats [{point, stage,"
          + " solver, stats {metric: {n, mean, std, ci95 [low, high], values {seed: value}}}}] over replicates and"
          + " effects [{point, stage, teacher, solver, metric, kind (ratio|difference), stats}] seed by seed."
    })
final class ShowCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id, as 'reflow runs' lists it.")
  private String runId;

  @Mixin private HomeOption home;

  @Option(names = "--json", description = "Machine-readable output (stable; shapes in docs/runs-and-show.md).")
  private boolean json;

  @Option(names = "--timings", description = "Print where the run's wall time went instead: start-up, coupling"
      + " generation, training steps, waits for pairs and checkpoint acknowledgements, evaluations, report, shutdown"
      + " (from the journal and the run's timings.json).")
  private boolean timings;

  @Override
  public Integer call() throws Exception {
    if (!IdArguments.isRunId(runId)) {
      return 2;
    }
    RunHistory history;
    List<Journal.Entry> entries;
    Path homeDirectory;
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      homeDirectory = system.settings().home();
      if (Forgotten.isForgotten(homeDirectory, runId)) {
        System.err.println(Forgotten.message(homeDirectory, runId));
        return 2;
      }
      entries = new Journal(system).entries(runId);
      history = RunHistory.of(entries.stream().map(Journal.Entry::event).toList());
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    if (history.run().isEmpty()) {
      System.err.println("no run '" + runId + "' in this home; 'reflow runs' lists the runs (use --home for another home)");
      return 2;
    }
    if (timings) {
      System.out.print(RunTimings.of(runId, entries, ProcessTimes.read(homeDirectory, runId)).render());
      return 0;
    }
    Map<String, Object> doc = RunDocuments.show(history);
    if (json) {
      System.out.println(RunsCommand.JSON.writeValueAsString(doc));
    } else if (!history.run().orElseThrow().stageVariants().isEmpty()) {
      print(doc);
      System.out.println();
      System.out.print(replicatesTable(history));
    } else {
      print(doc);
    }
    return 0;
  }

  /** The replicates' statistics and paired effects as tables. */
  private static String replicatesTable(RunHistory history) {
    try {
      return ReplicateTables.render(Replicates.of(history));
    } catch (SpecException e) { // a spec recorded by an older reflow that this one no longer reads
      return "no statistics: " + e.getMessage() + "\n";
    }
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> doc) {
    System.out.printf("run %s: experiment '%s', %s, seed %s, spec sha256 %s%n", doc.get("id"), doc.get("experiment"),
        doc.get("status"), doc.get("seed"), doc.get("specSha256"));
    System.out.printf("submitted %s%s%n", doc.get("submittedAt"),
        doc.get("completedAt") == null ? "" : ", completed " + doc.get("completedAt"));
    if (doc.get("failure") != null) {
      System.out.println("failure: " + doc.get("failure"));
    }
    for (Map<String, Object> r : (List<Map<String, Object>>) doc.get("resumes")) {
      System.out.printf("resumed %s on %s: kept %s, restart steps %s%n", r.get("resumedAt"), r.get("host"),
          r.get("keptStages"), r.get("restartSteps"));
    }
    for (Map<String, Object> s : (List<Map<String, Object>>) doc.get("stages")) {
      List<Map<String, Object>> checkpoints = (List<Map<String, Object>>) s.get("checkpoints");
      System.out.printf("%n%s (%s): %s, attempt %s, %d checkpoint%s%s%n", s.get("id"), s.get("kind"), s.get("status"),
          s.get("attempts"), checkpoints.size(), checkpoints.size() == 1 ? "" : "s",
          s.get("finalCheckpoint") == null ? "" : ", final " + ((Map<String, Object>) s.get("finalCheckpoint")).get("id"));
      for (Map<String, Object> a : (List<Map<String, Object>>) s.get("attemptLog")) {
        Map<String, String> nodes = (Map<String, String>) a.get("nodes");
        if (!nodes.isEmpty()) {
          StringBuilder where = new StringBuilder();
          nodes.forEach((role, node) -> where.append(where.length() == 0 ? "" : ", ").append(role).append(" on ").append(node));
          System.out.printf("  attempt %s: %s (%s)%n", a.get("attempt"), a.get("outcome"), where);
        }
      }
      ((Map<String, Object>) s.get("metrics")).forEach((solver, m) -> {
        Map<String, Object> entry = (Map<String, Object>) m;
        StringBuilder line = new StringBuilder(String.format("  %-16s @%-6s", solver, entry.get("step")));
        ((Map<String, Double>) entry.get("values")).forEach((k, v) -> line.append(String.format(" %s=%.4g", k, v)));
        System.out.println(line);
      });
    }
  }
}
