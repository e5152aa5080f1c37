package org.reflow.report;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.lineage.StageAttempts;
import org.reflow.metrics.Estimate;
import org.reflow.spec.SpecException;
import org.reflow.text.Redaction;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The documents {@code reflow runs --json} and {@code reflow show RUN --json} print, built once
 * here so that the dashboard's API ({@code reflow serve}) answers with exactly the same JSON.
 * Shapes: docs/runs-and-show.md.
 */
public final class RunDocuments {

  private RunDocuments() {}

  /** One row of {@code runs --json}: id, experiment, status, started, stagesDone, stages. */
  public static Map<String, Object> row(String id, RunHistory h) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("experiment", h.run().map(r -> r.name()).orElse(""));
    row.put("status", h.status());
    row.put("started", h.run().map(r -> r.submittedAt().truncatedTo(ChronoUnit.SECONDS).toString()).orElse(""));
    row.put("stagesDone", h.stages().values().stream().filter(s -> s.status() == StageRecord.Status.COMPLETED).count());
    row.put("stages", h.stages().size());
    return row;
  }

  /** {@code show RUN --json} of a submitted run. */
  public static Map<String, Object> show(RunHistory h) {
    RunInfo run = h.run().orElseThrow(() -> new IllegalArgumentException("the run has no history"));
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
      return;
    }
    List<Map<String, Object>> stats = new ArrayList<>();
    r.stats().forEach((key, metrics) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("point", key.point());
      entry.put("stage", key.stage());
      entry.put("solver", key.solver());
      Map<String, Object> byMetric = new LinkedHashMap<>();
      metrics.forEach((metric, stat) -> byMetric.put(metric, json(stat)));
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
      entry.put("stats", json(e.stat()));
      effects.add(entry);
    });
    doc.put("effects", effects);
  }

  /** One statistic as {@code show --json} and {@code compare --json} print it. */
  public static Map<String, Object> json(Replicates.Stat s) {
    Estimate e = s.estimate();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", e.n());
    out.put("mean", e.mean());
    out.put("std", e.n() < 2 ? null : e.std());
    out.put("ci95", e.n() < 2 ? null : List.of(e.low(), e.high()));
    Map<String, Double> values = new LinkedHashMap<>();
    s.values().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(v -> values.put(Long.toString(v.getKey()), v.getValue()));
    out.put("values", values);
    return out;
  }

  /** A stage of the run as the file names it: without its variant's prefix. */
  private static String fileStage(RunInfo run, String stage) {
    String variant = run.variantOf(stage);
    return variant.isEmpty() ? stage : stage.substring(variant.length() + 1);
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
