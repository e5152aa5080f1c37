package org.reflow.lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.SpecException;
import org.reflow.spec.SpecOutline;
import org.reflow.spec.SpecReader;
import org.reflow.spec.StageSpec;
import org.reflow.text.Redaction;

/**
 * Where a checkpoint or a coupling came from, as a pure function of the runs' events: the
 * checkpoint, the stage that trained it (with its attempts and the resumptions that restarted
 * it), that stage's warm start and its pairs — a teacher's coupling (with the teacher checkpoint,
 * solver, seed and shard hashes) or the data sources — back to the spec; and, for images, the
 * feature classifier its metrics were measured with. A warm start or teacher saved in another run
 * is followed into that run.
 */
public final class Lineage {

  /** A fact the recorded spec would give when this version cannot read it. */
  static final String UNKNOWN = "unknown";

  private final Runs runs;
  /** A checkpoint reached twice (often both warm start and teacher) is built once. */
  private final Map<String, LineageNode> built = new HashMap<>();
  private final Map<String, Optional<SpecOutline>> specs = new HashMap<>();
  private final Map<String, Map<String, List<StageAttempts.Attempt>>> attempts = new HashMap<>();

  private Lineage(Runs runs) {
    this.runs = runs;
  }

  /** The upstream lineage of {@code checkpointId} as saved in run {@code runId}. */
  public static LineageNode upstream(Runs runs, String runId, String checkpointId) {
    RunHistory run = runs.run(runId).orElseThrow(() -> new IllegalArgumentException("no run '" + runId + "'"));
    if (stageSaving(run, checkpointId).isEmpty()) {
      throw new IllegalArgumentException("no checkpoint '" + checkpointId + "' in run " + runId);
    }
    Lineage lineage = new Lineage(runs);
    return lineage.withSpec(run, lineage.checkpoint(run, checkpointId, ""));
  }

  /** The upstream lineage of a coupling: its recipe and teacher, back to the data and the spec. */
  public static LineageNode upstreamOfCoupling(Runs runs, String couplingId) {
    String runId = runs.runsGenerating(couplingId).stream().findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no coupling '" + couplingId + "' in these runs"));
    RunHistory run = runs.run(runId).orElseThrow();
    Lineage lineage = new Lineage(runs);
    Event.CouplingMaterialized c = run.stages().values().stream().flatMap(s -> s.coupling().stream())
        .filter(k -> k.couplingId().equals(couplingId)).findFirst().orElseThrow();
    return lineage.withSpec(run, lineage.coupling(run, c));
  }

  /**
   * A feature classifier: what made it, what it was measured to be, and {@code usedBy}, the stages
   * ({@code RUN/STAGE}) whose metrics it measured in these runs. It was made for the home, not by a
   * run: nothing of a run is upstream of it.
   */
  public static LineageNode upstreamOfClassifier(Runs runs, String classifierId) {
    Event.Classifier c = runs.classifier(classifierId)
        .orElseThrow(() -> new IllegalArgumentException("no classifier '" + classifierId + "' in these runs"));
    Map<String, Object> facts = classifierFacts(c);
    List<String> usedBy = new ArrayList<>();
    for (String runId : runs.runsJudgedBy(classifierId)) {
      RunHistory run = runs.run(runId).orElseThrow();
      run.stages().keySet().stream().filter(stage -> run.metrics(stage).stream().anyMatch(m -> measuredBy(m, classifierId)))
          .forEach(stage -> usedBy.add(runId + "/" + stage));
    }
    facts.put("usedBy", usedBy);
    return LineageNode.upstream("classifier", classifierId, "", facts, List.of());
  }

  static boolean measuredBy(Event.MetricsRecorded m, String classifierId) {
    return m.classifier().filter(c -> c.classifierId().equals(classifierId)).isPresent();
  }

  /** A feature classifier's facts: its artifact, test accuracy, FD floor and ceiling, recipe and data. */
  static Map<String, Object> classifierFacts(Event.Classifier c) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("sha256", c.sha256());
    facts.put("testAccuracy", c.testAccuracy());
    facts.put("fdFloor", c.fdFloor());
    facts.put("fdCeiling", c.fdCeiling());
    facts.put("recipe", c.recipe());
    facts.put("recipeSha256", c.recipeSha256());
    facts.put("dataSha256", c.dataSha256());
    return facts;
  }

  /** The stage of {@code run} that saved the checkpoint. */
  static Optional<StageRecord> stageSaving(RunHistory run, String checkpointId) {
    return run.stages().values().stream().filter(s -> s.checkpoint(checkpointId).isPresent()).findFirst();
  }

  /** The facts of a checkpoint as its run recorded them: where, when in training, hash, attempt, metrics. */
  static Map<String, Object> checkpointFacts(RunHistory run, Event.CheckpointSaved c, Map<String, List<StageAttempts.Attempt>> attempts) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("run", Runs.info(run).runId());
    facts.put("stage", c.stage());
    facts.put("step", c.step());
    facts.put("loss", c.loss());
    facts.put("sha256", c.sha256());
    StageAttempts.saving(attempts, c.stage(), c.checkpointId()).ifPresent(a -> {
      facts.put("attempt", a.number());
      Optional.ofNullable(a.nodes().get("trainer")).ifPresent(node -> facts.put("node", node));
    });
    Map<String, Object> metrics = new LinkedHashMap<>();
    run.metrics(c.stage()).stream().filter(m -> m.checkpointId().equals(c.checkpointId()))
        .forEach(m -> metrics.put(m.solver(), m.values()));
    if (!metrics.isEmpty()) {
      facts.put("metrics", metrics);
    }
    return facts;
  }

  private LineageNode withSpec(RunHistory run, LineageNode root) {
    RunInfo info = Runs.info(run);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("experiment", info.name());
    facts.put("run", info.runId());
    facts.put("seed", info.seed());
    facts.put("submittedAt", info.submittedAt().toString());
    facts.put("host", info.host());
    List<Map<String, Object>> resumptions = run.events().stream()
        .filter(e -> e instanceof Event.ExperimentResumed).map(e -> resumption((Event.ExperimentResumed) e)).toList();
    if (!resumptions.isEmpty()) {
      facts.put("resumptions", resumptions);
    }
    if (!info.dataSha256().isEmpty()) {
      facts.put("dataSha256", info.dataSha256()); // as the run reads them now: submitted, or last accepted
    }
    List<Map<String, Object>> accepted = run.events().stream().filter(e -> e instanceof Event.DataChangeAccepted)
        .map(e -> dataChange((Event.DataChangeAccepted) e)).toList();
    if (!accepted.isEmpty()) {
      facts.put("dataChangesAccepted", accepted);
    }
    List<LineageNode> inputs = new ArrayList<>(root.inputs());
    inputs.add(LineageNode.upstream("spec", info.specSha256(), "specified by", facts, List.of()));
    return LineageNode.upstream(root.kind(), root.id(), root.role(), root.facts(), inputs);
  }

  private static Map<String, Object> dataChange(Event.DataChangeAccepted a) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("path", a.path());
    facts.put("recordedSha256", a.recordedSha256());
    facts.put("acceptedSha256", a.acceptedSha256());
    facts.put("acceptedAt", a.acceptedAt().toString());
    return facts;
  }

  private static Map<String, Object> resumption(Event.ExperimentResumed r) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("resumption", r.resumption());
    facts.put("resumedAt", r.resumedAt().toString());
    facts.put("host", r.host());
    facts.put("restartSteps", r.restartSteps());
    r.previousFailure().ifPresent(f -> facts.put("previousFailure", f));
    return facts;
  }

  /** The checkpoint as saved in {@code run}, else in the first other run that saved it, else a bare node. */
  private LineageNode checkpoint(RunHistory preferred, String checkpointId, String role) {
    Optional<RunHistory> run = Optional.of(preferred).filter(r -> stageSaving(r, checkpointId).isPresent())
        .or(() -> runs.runsSaving(checkpointId).stream().findFirst().flatMap(runs::run));
    if (run.isEmpty()) {
      return LineageNode.upstream("checkpoint", checkpointId, role, Map.of("recorded", "in no run read"), List.of());
    }
    String key = Runs.info(run.get()).runId() + " " + checkpointId;
    LineageNode node = built.get(key);
    if (node == null) {
      node = buildCheckpoint(run.get(), checkpointId);
      built.put(key, node);
    }
    return LineageNode.upstream(node.kind(), node.id(), role, node.facts(), node.inputs());
  }

  private LineageNode buildCheckpoint(RunHistory run, String checkpointId) {
    StageRecord stage = stageSaving(run, checkpointId).orElseThrow();
    Event.CheckpointSaved c = stage.checkpoint(checkpointId).orElseThrow();
    Map<String, Object> facts = checkpointFacts(run, c, attempts(run));
    List<Map<String, Object>> chain = chain(run, stage, c);
    if (chain.size() > 1) {
      facts.put("chain", chain);
    }
    List<LineageNode> inputs = new ArrayList<>(List.of(stage(run, stage)));
    run.metrics(stage.id()).stream().filter(m -> m.checkpointId().equals(checkpointId))
        .flatMap(m -> m.classifier().stream()).distinct()
        .forEach(k -> inputs.add(LineageNode.upstream("classifier", k.classifierId(), "measured by", classifierFacts(k), List.of())));
    return LineageNode.upstream("checkpoint", checkpointId, "", facts, inputs);
  }

  /** The checkpoints this one continues within its stage, oldest first, each with the attempt that saved it. */
  private List<Map<String, Object>> chain(RunHistory run, StageRecord stage, Event.CheckpointSaved last) {
    List<Map<String, Object>> chain = new ArrayList<>();
    Optional<Event.CheckpointSaved> c = Optional.of(last);
    while (c.isPresent() && chain.size() <= stage.checkpoints().size()) {
      Map<String, Object> link = new LinkedHashMap<>();
      link.put("checkpoint", c.get().checkpointId());
      link.put("step", c.get().step());
      StageAttempts.saving(attempts(run), stage.id(), c.get().checkpointId()).ifPresent(a -> link.put("attempt", a.number()));
      chain.add(0, link);
      c = c.get().parentCheckpoint().flatMap(stage::checkpoint);
    }
    return chain;
  }

  private LineageNode stage(RunHistory run, StageRecord stage) {
    Optional<StageSpec> stageSpec = spec(run).map(s -> s.stages().get(stage.id()));
    List<LineageNode> inputs = new ArrayList<>();
    firstParentOutside(stage).ifPresent(init -> inputs.add(checkpoint(run, init, "warm start")));
    Optional<Event.CouplingMaterialized> coupling = stage.coupling();
    inputs.add(coupling.isPresent() ? coupling(run, coupling.get()) : data(stageSpec, spec(run)));
    return LineageNode.upstream("stage", Runs.info(run).runId() + "/" + stage.id(), "trained by",
        stageFacts(stage, stageSpec, attempts(run)), inputs);
  }

  /** A stage's kind, status, attempts — with each restart by a resumption — and why it failed. */
  static Map<String, Object> stageFacts(StageRecord stage, Optional<StageSpec> stageSpec,
      Map<String, List<StageAttempts.Attempt>> attempts) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("kind", stageSpec.map(s -> s.kind().yamlName()).orElse(UNKNOWN));
    facts.put("status", stage.status().name().toLowerCase());
    facts.put("attempts", stage.attempt());
    facts.put("checkpoints", stage.checkpoints().size());
    List<String> nodes = StageAttempts.nodes(attempts.getOrDefault(stage.id(), List.of()));
    if (!nodes.isEmpty()) {
      facts.put("nodes", nodes);
    }
    List<Map<String, Object>> restarts = attempts.getOrDefault(stage.id(), List.of()).stream()
        .filter(a -> a.resumedBy().isPresent()).map(Lineage::restart).toList();
    if (!restarts.isEmpty()) {
      facts.put("restarts", restarts);
    }
    stage.failure().ifPresent(f -> facts.put("failure", Redaction.text(f)));
    return facts;
  }

  private static Map<String, Object> restart(StageAttempts.Attempt a) {
    Event.ExperimentResumed r = a.resumedBy().orElseThrow();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("attempt", a.number());
    facts.put("resumption", r.resumption());
    facts.put("resumedAt", r.resumedAt().toString());
    facts.put("fromStep", a.restartStep());
    a.restartCheckpoint().ifPresent(c -> facts.put("fromCheckpoint", c));
    return facts;
  }

  private LineageNode coupling(RunHistory run, Event.CouplingMaterialized c) {
    return LineageNode.upstream("coupling", c.couplingId(), "pairs", couplingFacts(run, c),
        List.of(checkpoint(run, c.teacherCheckpoint(), "teacher")));
  }

  /** A coupling's recipe: where it was generated, how many pairs, solver, seed, shard hashes. */
  static Map<String, Object> couplingFacts(RunHistory run, Event.CouplingMaterialized c) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("run", Runs.info(run).runId());
    facts.put("stage", c.stage());
    facts.put("pairs", c.pairs());
    facts.put("solver", c.solver());
    facts.put("seed", c.seed());
    facts.put("shardSha256s", c.shardSha256s());
    return facts;
  }

  private static LineageNode data(Optional<StageSpec> stageSpec, Optional<SpecOutline> spec) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("coupling", stageSpec.map(s -> s.coupling().yamlName()).orElse(UNKNOWN));
    facts.put("source", spec.map(SpecOutline::source).orElse(UNKNOWN));
    facts.put("target", spec.map(SpecOutline::target).orElse(UNKNOWN));
    return LineageNode.upstream("data", "π0 × π1", "pairs", facts, List.of());
  }

  /** The warm start: the parent of the stage's first checkpoint, when it belongs to another stage. */
  static Optional<String> firstParentOutside(StageRecord stage) {
    return stage.checkpoints().stream().findFirst().flatMap(Event.CheckpointSaved::parentCheckpoint)
        .filter(p -> stage.checkpoint(p).isEmpty());
  }

  private Map<String, List<StageAttempts.Attempt>> attempts(RunHistory run) {
    return attempts.computeIfAbsent(Runs.info(run).runId(), id -> StageAttempts.of(run));
  }

  private Optional<SpecOutline> spec(RunHistory run) {
    return specs.computeIfAbsent(Runs.info(run).runId(), id -> specOf(run));
  }

  /**
   * What the run's recorded spec names, read as {@link SpecReader} reads it but opening no data file, so
   * lineage answers from the journal alone; empty when this version can no longer read it (facts say "unknown").
   */
  static Optional<SpecOutline> specOf(RunHistory run) {
    RunInfo info = Runs.info(run);
    try {
      return Optional.of(SpecReader.outline(info.specYaml(), "the spec recorded by run " + info.runId()));
    } catch (SpecException e) {
      return Optional.empty();
    }
  }
}
