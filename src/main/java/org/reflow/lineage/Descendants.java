package org.reflow.lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.StageSpec;

/**
 * Everything derived from a checkpoint or a coupling, in every run read: the couplings it
 * generated as teacher, the stages trained on those (reflows, distillations), the stages
 * warm-started from it and the checkpoints that continue it — and so on, transitively. Links are by
 * id across runs, since a checkpoint id is its content hash: identical training in two runs, or a
 * spec naming another run's checkpoint, joins their graphs. A feature classifier's descendants are
 * the checkpoints whose metrics it measured (what follows from those was not derived from it).
 */
public final class Descendants {

  /** A stage of a run. */
  private record RunStage(RunHistory run, StageRecord stage) {
    String id() {
      return Runs.info(run).runId() + "/" + stage.id();
    }
  }

  private final Runs runs;
  private final Map<String, List<Event.CouplingMaterialized>> taught = new HashMap<>();
  private final Map<String, List<RunStage>> trainedOn = new HashMap<>();
  private final Map<String, List<RunStage>> warmStarted = new HashMap<>();
  private final Map<String, List<String>> continuedBy = new HashMap<>();
  private final Map<String, LineageNode> built = new HashMap<>();
  private final Set<String> building = new HashSet<>();

  private Descendants(Runs runs) {
    this.runs = runs;
    for (RunHistory run : runs.all()) {
      for (StageRecord stage : run.stages().values()) {
        index(run, stage);
      }
    }
  }

  /** What was derived from the checkpoint, coupling or feature classifier {@code id}; empty when no run read recorded it. */
  public static Optional<LineageNode> of(Runs runs, String id) {
    Descendants d = new Descendants(runs);
    if (!runs.runsSaving(id).isEmpty()) {
      return Optional.of(d.checkpoint(id, ""));
    }
    if (!runs.runsGenerating(id).isEmpty()) {
      return Optional.of(d.coupling(id, ""));
    }
    return runs.classifier(id).map(c -> measured(runs, c));
  }

  /** The classifier, and as leaves each checkpoint of every run read whose metrics it measured. */
  private static LineageNode measured(Runs runs, Event.Classifier classifier) {
    List<LineageNode> outputs = new ArrayList<>();
    for (String runId : runs.runsJudgedBy(classifier.classifierId())) {
      RunHistory run = runs.run(runId).orElseThrow();
      Map<String, List<StageAttempts.Attempt>> attempts = StageAttempts.of(run);
      for (StageRecord stage : run.stages().values()) {
        Set<String> judged = new HashSet<>();
        run.metrics(stage.id()).stream().filter(m -> Lineage.measuredBy(m, classifier.classifierId()))
            .forEach(m -> judged.add(m.checkpointId()));
        stage.checkpoints().stream().filter(c -> judged.contains(c.checkpointId())).forEach(c -> outputs.add(
            LineageNode.derived("checkpoint", c.checkpointId(), "measured", Lineage.checkpointFacts(run, c, attempts), List.of())));
      }
    }
    return LineageNode.derived("classifier", classifier.classifierId(), "", Lineage.classifierFacts(classifier), outputs);
  }

  private void index(RunHistory run, StageRecord stage) {
    RunStage at = new RunStage(run, stage);
    stage.coupling().ifPresent(c -> {
      taught.computeIfAbsent(c.teacherCheckpoint(), k -> new ArrayList<>()).add(c);
      trainedOn.computeIfAbsent(c.couplingId(), k -> new ArrayList<>()).add(at);
    });
    stage.checkpoints().stream().flatMap(c -> c.couplingId().stream()).distinct()
        .filter(c -> stage.coupling().filter(own -> own.couplingId().equals(c)).isEmpty())
        .forEach(c -> trainedOn.computeIfAbsent(c, k -> new ArrayList<>()).add(at));
    Lineage.firstParentOutside(stage).ifPresent(p -> warmStarted.computeIfAbsent(p, k -> new ArrayList<>()).add(at));
    for (Event.CheckpointSaved c : stage.checkpoints()) {
      c.parentCheckpoint().filter(p -> stage.checkpoint(p).isPresent())
          .ifPresent(p -> addOnce(continuedBy.computeIfAbsent(p, k -> new ArrayList<>()), c.checkpointId()));
    }
  }

  private LineageNode checkpoint(String checkpointId, String role) {
    return node("checkpoint " + checkpointId, role, () -> {
      List<String> savedIn = runs.runsSaving(checkpointId);
      RunHistory run = runs.run(savedIn.get(0)).orElseThrow();
      Event.CheckpointSaved c = Lineage.stageSaving(run, checkpointId).flatMap(s -> s.checkpoint(checkpointId)).orElseThrow();
      Map<String, Object> facts = Lineage.checkpointFacts(run, c, StageAttempts.of(run));
      if (savedIn.size() > 1) {
        facts.put("savedInRuns", savedIn);
      }
      List<LineageNode> outputs = new ArrayList<>();
      taught.getOrDefault(checkpointId, List.of()).forEach(k -> outputs.add(coupling(k.couplingId(), "teacher of")));
      warmStarted.getOrDefault(checkpointId, List.of()).forEach(s -> outputs.add(stage(s, "warm start of")));
      continuedBy.getOrDefault(checkpointId, List.of()).forEach(next -> outputs.add(checkpoint(next, "continued by")));
      return LineageNode.derived("checkpoint", checkpointId, "", facts, outputs);
    });
  }

  private LineageNode coupling(String couplingId, String role) {
    return node("coupling " + couplingId, role, () -> {
      RunHistory run = runs.run(runs.runsGenerating(couplingId).get(0)).orElseThrow();
      Event.CouplingMaterialized c = run.stages().values().stream().flatMap(s -> s.coupling().stream())
          .filter(k -> k.couplingId().equals(couplingId)).findFirst().orElseThrow();
      List<LineageNode> outputs = trainedOn.getOrDefault(couplingId, List.of()).stream().map(s -> stage(s, "pairs of")).toList();
      return LineageNode.derived("coupling", couplingId, "", Lineage.couplingFacts(run, c), outputs);
    });
  }

  private LineageNode stage(RunStage s, String role) {
    return node("stage " + s.id(), role, () -> {
      Optional<StageSpec> spec = Lineage.specOf(s.run()).map(o -> o.stages().get(s.stage().id()));
      List<LineageNode> outputs = s.stage().checkpoints().stream()
          .filter(c -> c.parentCheckpoint().flatMap(s.stage()::checkpoint).isEmpty())
          .map(c -> checkpoint(c.checkpointId(), "saved")).toList();
      return LineageNode.derived("stage", s.id(), "", Lineage.stageFacts(s.stage(), spec, StageAttempts.of(s.run())), outputs);
    });
  }

  /**
   * Each node is built once and reused under every parent; a node met again while it is being built
   * (a cycle, which content hashes rule out but a damaged journal might hold) is cut to a leaf.
   */
  private LineageNode node(String key, String role, Supplier<LineageNode> build) {
    LineageNode node = built.get(key);
    if (node == null && building.add(key)) {
      node = build.get();
      building.remove(key);
      built.put(key, node);
    } else if (node == null) {
      String[] kindId = key.split(" ", 2);
      return LineageNode.derived(kindId[0], kindId[1], role, Map.of(), List.of());
    }
    return LineageNode.derived(node.kind(), node.id(), role, node.facts(), node.outputs());
  }

  private static void addOnce(List<String> list, String id) {
    if (!list.contains(id)) {
      list.add(id);
    }
  }
}
