package org.reflow.lineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;

/** Hand-built journals for the lineage tests: runs written event by event, as the Experiment would. */
final class Histories {

  static final String SPEC = """
      experiment: chain
      seed: 4
      data: {source: {toy: three-gaussians-source, pool: 100}, target: three-gaussians-target}
      defaults: {train: {steps: 10}}
      stages:
        rf1: {kind: rectify}
        rf2: {kind: reflow, teacher: rf1, init: rf1}
        rf3: {kind: reflow, teacher: rf2}
        rf2-distilled: {kind: distill, teacher: rf2, init: rf2}
      """;

  /** A spec reading π0 and π1 from .npy files under a folder that does not exist (moved away since the run). */
  static final String FILES_SPEC = """
      experiment: files
      seed: 1
      data: {source: {npy: data/disc.npy}, target: {npy: data/ring.npy}}
      defaults: {train: {steps: 10}}
      stages:
        rf1: {kind: rectify, coupling: minibatch-ot}
      """;

  private final List<Event> events = new ArrayList<>();

  private Histories(String runId, Map<String, List<String>> inputs) {
    this(runId, inputs, SPEC, "/tmp");
  }

  private Histories(String runId, Map<String, List<String>> inputs, String spec, String specDirectory) {
    events.add(new Event.ExperimentSubmitted(runId, "chain", spec, "spec-sha", 4, Instant.EPOCH, "host", inputs,
        specDirectory, Map.of(), Map.of()));
  }

  /** run-1: the chain 1-RF → 2-RF → 3-RF with a distillation branch of 2-RF, each stage two checkpoints. */
  static RunHistory chain() {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("rf1", List.of());
    inputs.put("rf2", List.of("rf1"));
    inputs.put("rf3", List.of("rf2"));
    inputs.put("rf2-distilled", List.of("rf2"));
    Histories run = new Histories("run-1", inputs);
    run.train("rf1", Optional.empty(), Optional.empty());
    run.train("rf2", Optional.of("ck-rf1-2"), Optional.of("ck-rf1-2"));
    run.train("rf3", Optional.of("ck-rf2-2"), Optional.empty());
    run.train("rf2-distilled", Optional.of("ck-rf2-2"), Optional.of("ck-rf2-2"));
    return run.completed();
  }

  /** run-f: rf1 trained on {@link #FILES_SPEC}'s data files, which are no longer where the run read them. */
  static RunHistory dataFilesGone() {
    Histories run = new Histories("run-f", Map.of("rf1", List.of()), FILES_SPEC, "/nonexistent/reflow-moved-data");
    run.train("rf1", Optional.empty(), Optional.empty());
    return run.completed();
  }

  /**
   * run-2: rf1 trained again identically (the same checkpoint ids as run-1's) and rf2 warm-started
   * from run-1's 2-RF — a spec naming another run's checkpoint.
   */
  static RunHistory sequel() {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("rf1", List.of());
    inputs.put("rf2", List.of("rf1"));
    Histories run = new Histories("run-2", inputs);
    run.train("rf1", Optional.empty(), Optional.empty());
    run.events.add(new Event.StageStarted("rf2", 1));
    run.events.add(new Event.CheckpointSaved("ck-sequel-1", "rf2", 1, "sha-sequel-1", Optional.of("ck-rf2-2"),
        Optional.empty(), 0.2, List.of(0.2)));
    run.events.add(new Event.StageCompleted("rf2", "ck-sequel-1"));
    return run.completed();
  }

  /**
   * run-r: rf1 completes; rf2 saves steps 1 and 2 and the process dies; resumption 1 restarts rf2
   * from step 2, it saves step 3 and fails; resumption 2 restarts it from step 3 and it completes.
   */
  static RunHistory resumedTwice() {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    inputs.put("rf1", List.of());
    inputs.put("rf2", List.of("rf1"));
    Histories run = new Histories("run-r", inputs);
    run.train("rf1", Optional.empty(), Optional.empty());
    List<Event> e = run.events;
    e.add(new Event.StageStarted("rf2", 1));
    e.add(new Event.CouplingMaterialized("cp-run-r-rf2", "rf2", "ck-rf1-2", "euler:100", 1000, 4, List.of("shard-rf2")));
    e.add(saved("ck-r-1", 1, "ck-rf1-2"));
    e.add(saved("ck-r-2", 2, "ck-r-1"));
    e.add(new Event.ExperimentResumed(1, Instant.parse("2026-11-29T08:00:00Z"), "host", List.of("rf1"),
        Map.of("rf2", 2L), Map.of("rf2", List.of()), Optional.empty()));
    e.add(new Event.StageStarted("rf2", 2));
    e.add(saved("ck-r-3", 3, "ck-r-2"));
    e.add(new Event.StageFailed("rf2", "disk full"));
    e.add(new Event.ExperimentFailed("stage rf2 failed: disk full"));
    e.add(new Event.ExperimentResumed(2, Instant.parse("2026-11-29T09:00:00Z"), "host", List.of("rf1"),
        Map.of("rf2", 3L), Map.of(), Optional.of("stage rf2 failed: disk full")));
    e.add(new Event.StageStarted("rf2", 3));
    e.add(saved("ck-r-4", 4, "ck-r-3"));
    e.add(new Event.StageCompleted("rf2", "ck-r-4"));
    return run.completed();
  }

  private static Event.CheckpointSaved saved(String id, long step, String parent) {
    return new Event.CheckpointSaved(id, "rf2", step, "sha-" + id, Optional.of(parent), Optional.of("cp-run-r-rf2"),
        1.0 / step, List.of(1.0 / step));
  }

  private RunHistory completed() {
    events.add(new Event.ExperimentCompleted(Instant.EPOCH));
    return RunHistory.of(events);
  }

  /** Start, coupling when taught, two checkpoints (the first warm-started from init), metrics, completion. */
  private void train(String stage, Optional<String> teacher, Optional<String> init) {
    events.add(new Event.StageStarted(stage, 1));
    teacher.ifPresent(t -> events.add(new Event.CouplingMaterialized("cp-" + stage, stage, t, "euler:100",
        1000, 4, List.of("shard-" + stage))));
    events.add(new Event.CheckpointSaved("ck-" + stage + "-1", stage, 1, "sha-" + stage + "-1",
        init, Optional.empty(), 1.0, List.of(1.0)));
    events.add(new Event.CheckpointSaved("ck-" + stage + "-2", stage, 2, "sha-" + stage + "-2",
        Optional.of("ck-" + stage + "-1"), Optional.empty(), 0.5, List.of(0.5)));
    events.add(new Event.MetricsRecorded("ck-" + stage + "-2", stage, 2, "euler:1", Map.of("w2", 1.0)));
    events.add(new Event.StageCompleted(stage, "ck-" + stage + "-2"));
  }
}
