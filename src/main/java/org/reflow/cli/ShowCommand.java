package org.reflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.home.Forgotten;
import org.reflow.lineage.StageAttempts;
import org.reflow.report.ProcessTimes;
import org.reflow.report.RunTimings;
import org.reflow.report.Replicates;
import org.reflow.spec.SpecException;
import org.reflow.text.Redaction;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
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
    Map<String, Object> doc = document(history);
    String replicates = (String) doc.remove("replicatesTable");
    if (json) {
      System.out.println(RunsCommand.JSON.writeValueAsString(doc));
    } else if (!history.run().orElseThrow().stageVariants().isEmpty()) {
      print(doc);
      System.out.println();
      System.out.print(replicates);
    } else {
      print(doc);
    }
    return 0;
  }

  private Map<String, Object> document(RunHistory h) {
    RunInfo run = h.run().orElseThrow();
    Map<String, String> kinds = stageKinds(run.specYaml());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", run.runId());
    doc.put("experiment", run.name());
    doc.put("status", h.status());
    doc.put("seed", run.seed());
    doc.put("specSha256", run.specSha256());
    doc.put("submittedAt", run.submittedAt().toString());
    doc.put("completedAt", h.state() instanceof RunState.Finished f ? f.completedAt().map(Object::toString).orElse(null) : null);
    doc.put("failure", h.state() instanceof RunState.Finished f ? f.failure().map(Redaction::text).orElse(null) : null);
    List<Map<String, Object>> resumes = new ArrayList<>();
    h.events().stream().filter(e -> e instanceof Event.ExperimentResumed).map(Event.ExperimentResumed.class::cast)
        .forEach(r -> resumes.add(Map.of("resumption", r.resumption(), "resumedAt", r.resumedAt().toString(),
            "host", r.host(), "keptStages", r.keptStages(), "restartSteps", r.restartSteps())));
    doc.put("resumes", resumes);
    List<Map<String, Object>> stages = new ArrayList<>();
    Map<String, List<StageAttempts.Attempt>> attemptsByStage = StageAttempts.of(h);
    for (StageRecord s : h.stages().values()) {
      Map<String, Object> stage = new LinkedHashMap<>();
      stage.put("id", s.id());
      stage.put("kind", kinds.getOrDefault(fileStage(run, s.id()), "unknown"));
      stage.put("variant", run.variantOf(s.id()));
      stage.put("status", s.status().name().toLowerCase());
      stage.put("attempts", s.attempt());
      List<StageAttempts.Attempt> attempts = attemptsByStage.getOrDefault(s.id(), List.of());
      stage.put("nodes", StageAttempts.nodes(attempts));
      List<Map<String, Object>> attemptLog = new ArrayList<>();
      for (StageAttempts.Attempt a : attempts) {
        attemptLog.add(Map.of("attempt", a.number(), "outcome", a.outcome().name().toLowerCase(), "nodes", a.nodes()));
      }
      stage.put("attemptLog", attemptLog);
      List<Map<String, Object>> checkpoints = new ArrayList<>();
      for (Event.CheckpointSaved c : s.checkpoints()) {
        checkpoints.add(Map.of("id", c.checkpointId(), "step", c.step(), "sha256", c.sha256(), "loss", c.loss()));
      }
      stage.put("checkpoints", checkpoints);
      stage.put("finalCheckpoint", s.finalCheckpoint().flatMap(s::checkpoint)
          .map(c -> Map.of("id", c.checkpointId(), "sha256", c.sha256())).orElse(null));
      Map<String, Object> metrics = new LinkedHashMap<>();
      h.latestMetrics(s.id()).forEach((solver, m) ->
          metrics.put(solver, Map.of("checkpoint", m.checkpointId(), "step", m.step(), "values", m.values())));
      stage.put("metrics", metrics);
      stages.add(stage);
    }
    doc.put("stages", stages);
    putStats(doc, h);
    return doc;
  }

  /**
   * Adds {@code stats} (per sweep point, stage of the file and solver: each metric's n, mean, std,
   * ci95 and values by seed) and {@code effects} (each stage against its teacher, seed by seed).
   */
  private static void putStats(Map<String, Object> doc, RunHistory h) {
    Replicates r;
    try {
      r = Replicates.of(h);
    } catch (SpecException e) { // a spec recorded by an older reflow that this one no longer reads: no statistics
      doc.put("stats", List.of());
      doc.put("effects", List.of());
      doc.put("replicatesTable", "no statistics: " + e.getMessage() + "\n");
      return;
    }
    List<Map<String, Object>> stats = new ArrayList<>();
    r.stats().forEach((key, metrics) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("point", key.point());
      entry.put("stage", key.stage());
      entry.put("solver", key.solver());
      Map<String, Object> byMetric = new LinkedHashMap<>();
      metrics.forEach((metric, stat) -> byMetric.put(metric, ReplicateTables.json(stat)));
      entry.put("stats", byMetric);
      stats.add(entry);
    });
    doc.put("stats", stats);
    List<Map<String, Object>> effects = new ArrayList<>();
    r.effects().forEach(e -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("point", e.point());
      entry.put("stage", e.stage());
      entry.put("teacher", e.teacher());
      entry.put("solver", e.solver());
      entry.put("metric", e.metric());
      entry.put("kind", e.kind());
      entry.put("stats", ReplicateTables.json(e.stat()));
      effects.add(entry);
    });
    doc.put("effects", effects);
    doc.put("replicatesTable", ReplicateTables.render(r));
  }

  /** A stage of the run as the file names it: without its variant's prefix. */
  private static String fileStage(RunInfo run, String stage) {
    String variant = run.variantOf(stage);
    return variant.isEmpty() ? stage : stage.substring(variant.length() + 1);
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

  /** Stage id → kind, from the recorded spec text (only the stages' kind keys are read). */
  private static Map<String, String> stageKinds(String specYaml) {
    Map<String, String> kinds = new LinkedHashMap<>();
    Object root = new Load(LoadSettings.builder().build()).loadFromString(specYaml);
    if (root instanceof Map<?, ?> top && top.get("stages") instanceof Map<?, ?> stages) {
      stages.forEach((id, stage) -> {
        if (stage instanceof Map<?, ?> m && m.get("kind") != null) {
          kinds.put(String.valueOf(id), String.valueOf(m.get("kind")));
        }
      });
    }
    return kinds;
  }
}
