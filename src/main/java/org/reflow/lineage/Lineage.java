package org.reflow.lineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.StageRecord;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Where a checkpoint came from, as a pure function of its run's events: the checkpoint, the
 * stage that trained it, that stage's warm start and its pairs — a teacher's coupling (with the
 * teacher checkpoint, solver, seed and shard hashes) or the data sources — back to the spec.
 */
public final class Lineage {

  private Lineage() {}

  /** The upstream lineage of {@code checkpointId}, which must be saved in {@code run}. */
  public static LineageNode upstream(RunHistory run, String checkpointId) {
    RunInfo info = run.run().orElseThrow(() -> new IllegalArgumentException("the run has no history"));
    Map<String, Object> spec = specMap(info.specYaml());
    LineageNode checkpoint = checkpoint(run, checkpointId, "", spec);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("experiment", info.name());
    facts.put("run", info.runId());
    facts.put("seed", info.seed());
    facts.put("submittedAt", info.submittedAt().toString());
    facts.put("host", info.host());
    List<LineageNode> inputs = new ArrayList<>(checkpoint.inputs());
    inputs.add(new LineageNode("spec", info.specSha256(), "specified by", facts, List.of()));
    return new LineageNode(checkpoint.kind(), checkpoint.id(), checkpoint.role(), checkpoint.facts(), List.copyOf(inputs));
  }

  private static LineageNode checkpoint(RunHistory run, String checkpointId, String role, Map<String, Object> spec) {
    StageRecord stage = run.stages().values().stream().filter(s -> s.checkpoint(checkpointId).isPresent()).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no checkpoint '" + checkpointId + "' in run " + run.run().orElseThrow().runId()));
    Event.CheckpointSaved c = stage.checkpoint(checkpointId).orElseThrow();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("stage", c.stage());
    facts.put("step", c.step());
    facts.put("loss", c.loss());
    facts.put("sha256", c.sha256());
    Map<String, Object> metrics = new LinkedHashMap<>();
    run.metrics(c.stage()).stream().filter(m -> m.checkpointId().equals(checkpointId))
        .forEach(m -> metrics.put(m.solver(), m.values()));
    if (!metrics.isEmpty()) {
      facts.put("metrics", metrics);
    }
    return new LineageNode("checkpoint", checkpointId, role, facts, List.of(stage(run, stage, spec)));
  }

  private static LineageNode stage(RunHistory run, StageRecord stage, Map<String, Object> spec) {
    Map<String, Object> stageSpec = child(child(spec, "stages"), stage.id());
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("kind", String.valueOf(stageSpec.getOrDefault("kind", "unknown")));
    facts.put("status", stage.status().name().toLowerCase());
    facts.put("attempts", stage.attempt());
    facts.put("checkpoints", stage.checkpoints().size());
    List<LineageNode> inputs = new ArrayList<>();
    firstParentOutside(stage).ifPresent(init -> inputs.add(checkpoint(run, init, "warm start", spec)));
    Optional<Event.CouplingMaterialized> coupling = stage.coupling();
    if (coupling.isPresent()) {
      inputs.add(coupling(run, coupling.get(), spec));
    } else {
      inputs.add(data(stageSpec, spec));
    }
    return new LineageNode("stage", run.run().orElseThrow().runId() + "/" + stage.id(), "trained by", facts, inputs);
  }

  private static LineageNode coupling(RunHistory run, Event.CouplingMaterialized c, Map<String, Object> spec) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("pairs", c.pairs());
    facts.put("solver", c.solver());
    facts.put("seed", c.seed());
    facts.put("shardSha256s", c.shardSha256s());
    return new LineageNode("coupling", c.couplingId(), "pairs",
        facts, List.of(checkpoint(run, c.teacherCheckpoint(), "teacher", spec)));
  }

  private static LineageNode data(Map<String, Object> stageSpec, Map<String, Object> spec) {
    Map<String, Object> data = child(spec, "data");
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("coupling", String.valueOf(stageSpec.getOrDefault("coupling", "independent")));
    facts.put("source", String.valueOf(data.get("source")));
    facts.put("target", String.valueOf(data.get("target")));
    return new LineageNode("data", "π0 × π1", "pairs", facts, List.of());
  }

  /** The warm start: the parent of the stage's first checkpoint, when it belongs to another stage. */
  private static Optional<String> firstParentOutside(StageRecord stage) {
    return stage.checkpoints().stream().findFirst().flatMap(Event.CheckpointSaved::parentCheckpoint)
        .filter(p -> stage.checkpoint(p).isEmpty());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> map, String key) {
    return map.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> specMap(String yaml) {
    Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    return root instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
