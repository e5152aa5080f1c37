package org.reflow.lineage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.SpecOutline;

/**
 * A lineage as OpenLineage RunEvents (spec 2-0-2), for a lineage service such as Marquez: each
 * attempt of each stage the lineage names is an OpenLineage run of the job
 * {@code <experiment>.<stage>}, with a START when it began and a COMPLETE, FAIL or ABORT (an
 * attempt a crash or a resumption interrupted) when it ended — none for a stage not run. Its inputs
 * and outputs are the checkpoints, couplings and data, named by their ids, with their SHA-256
 * hashes in a custom facet; the feature classifier that measured an attempt's checkpoints (images)
 * is one of its inputs. Event times are the journal's write times.
 */
public final class OpenLineageEvents {

  static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  /** reflow has no public address yet: its producer and facet schemas are named by URN (README, OpenLineage). */
  static final String PRODUCER = "urn:reflow:lineage";
  static final String FACETS_SCHEMA = "urn:reflow:openlineage-facets:1";

  /** One event with what orders it: its time, then its run's position and its place in the run. */
  private record Timed(Instant time, int run, int index, Map<String, Object> event) {}

  private final Runs runs;
  private final String namespace;

  private OpenLineageEvents(Runs runs, String namespace) {
    this.runs = runs;
    this.namespace = namespace;
  }

  /**
   * The RunEvents of every stage that produced or used a node of {@code lineage}, in time order
   * (START before the end of each attempt).
   *
   * @param namespace the datasets' and jobs' namespace, e.g. {@code reflow:///home/me/runs}
   */
  public static List<Map<String, Object>> of(Runs runs, LineageNode lineage, String namespace) {
    Set<String> stages = new LinkedHashSet<>();
    collectStages(lineage, stages);
    OpenLineageEvents ol = new OpenLineageEvents(runs, namespace);
    List<String> runOrder = runs.all().stream().map(r -> Runs.info(r).runId()).toList();
    List<Timed> events = new ArrayList<>();
    for (String runStage : stages) {
      String runId = runStage.substring(0, runStage.indexOf('/'));
      runs.run(runId).ifPresent(run -> ol.stageEvents(run, runStage.substring(runId.length() + 1), runOrder.indexOf(runId), events));
    }
    events.sort(Comparator.comparing(Timed::time).thenComparingInt(Timed::run).thenComparingInt(Timed::index));
    return events.stream().map(Timed::event).toList();
  }

  /**
   * "RUN/STAGE" of every stage node, of the stage that saved or generated every checkpoint and
   * coupling, and of the stages a classifier at the root measured.
   */
  private static void collectStages(LineageNode n, Set<String> stages) {
    if (n.kind().equals("stage")) {
      stages.add(n.id());
    } else if (n.kind().equals("classifier") && n.facts().get("usedBy") instanceof List<?> usedBy) {
      usedBy.forEach(s -> stages.add(String.valueOf(s)));
    } else if (n.facts().get("run") != null && n.facts().get("stage") != null) {
      stages.add(n.facts().get("run") + "/" + n.facts().get("stage"));
    }
    n.links().forEach(link -> collectStages(link, stages));
  }

  private void stageEvents(RunHistory run, String stageId, int runOrder, List<Timed> out) {
    StageRecord stage = run.stages().get(stageId);
    if (stage == null) {
      return;
    }
    String runId = Runs.info(run).runId();
    for (StageAttempts.Attempt a : StageAttempts.of(run).getOrDefault(stageId, List.of())) {
      List<Map<String, Object>> inputs = inputs(run, stage, a);
      out.add(new Timed(runs.time(runId, a.startIndex()), runOrder, a.startIndex(),
          event("START", runs.time(runId, a.startIndex()), run, a, inputs, List.of())));
      a.endIndex().ifPresent(end -> {
        String type = switch (a.outcome()) {
          case COMPLETED -> "COMPLETE";
          case FAILED -> "FAIL";
          default -> "ABORT";
        };
        out.add(new Timed(runs.time(runId, end), runOrder, end, event(type, runs.time(runId, end), run, a, inputs, outputs(run, a))));
      });
    }
  }

  private Map<String, Object> event(String type, Instant time, RunHistory run, StageAttempts.Attempt a,
      List<Map<String, Object>> inputs, List<Map<String, Object>> outputs) {
    RunInfo info = Runs.info(run);
    Map<String, Object> attempt = facet(FACETS_SCHEMA + "#/$defs/ReflowAttemptRunFacet");
    attempt.put("run", info.runId());
    attempt.put("stage", a.stage());
    attempt.put("attempt", a.number());
    a.resumedBy().ifPresent(r -> {
      attempt.put("resumption", r.resumption());
      attempt.put("restartStep", a.restartStep());
      a.restartCheckpoint().ifPresent(c -> attempt.put("restartCheckpoint", c));
    });
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eventType", type);
    e.put("eventTime", time.toString());
    Map<String, Object> olRun = new LinkedHashMap<>();
    olRun.put("runId", runId(info.runId(), a.stage(), a.number()).toString());
    olRun.put("facets", Map.of("reflow_attempt", attempt));
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("namespace", namespace);
    job.put("name", info.name() + "." + a.stage());
    e.put("run", olRun);
    e.put("job", job);
    e.put("inputs", inputs);
    e.put("outputs", outputs);
    e.put("producer", PRODUCER);
    e.put("schemaURL", SCHEMA_URL);
    return e;
  }

  /** A stable OpenLineage run id for one attempt of a stage: name-based, so re-exporting gives the same UUID. */
  static UUID runId(String runId, String stage, int attempt) {
    return UUID.nameUUIDFromBytes(("reflow " + runId + "/" + stage + "#" + attempt).getBytes(StandardCharsets.UTF_8));
  }

  /** What an attempt read: teacher, warm start, the checkpoint it restarted from, a coupling made before it, or the data. */
  private List<Map<String, Object>> inputs(RunHistory run, StageRecord stage, StageAttempts.Attempt a) {
    Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
    stage.coupling().ifPresent(c -> inputs.put(c.teacherCheckpoint(), checkpoint(run, c.teacherCheckpoint())));
    Lineage.firstParentOutside(stage).ifPresent(p -> inputs.put(p, checkpoint(run, p)));
    a.restartCheckpoint().ifPresent(p -> inputs.put(p, checkpoint(run, p)));
    Optional<Event.CouplingMaterialized> earlier = stage.coupling().filter(c -> a.coupling().isEmpty());
    earlier.ifPresent(c -> inputs.put(c.couplingId(), coupling(c)));
    if (stage.coupling().isEmpty()) {
      Optional<SpecOutline> spec = Lineage.specOf(run);
      inputs.put("source", dataset("data:" + spec.map(SpecOutline::source).orElse(Lineage.UNKNOWN), Map.of()));
      inputs.put("target", dataset("data:" + spec.map(SpecOutline::target).orElse(Lineage.UNKNOWN), Map.of()));
    }
    Set<String> saved = new LinkedHashSet<>();
    a.checkpoints().forEach(c -> saved.add(c.checkpointId()));
    run.metrics(stage.id()).stream().filter(m -> saved.contains(m.checkpointId())).flatMap(m -> m.classifier().stream())
        .forEach(c -> inputs.putIfAbsent(c.classifierId(), classifier(c)));
    return List.copyOf(inputs.values());
  }

  private Map<String, Object> classifier(Event.Classifier c) {
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("kind", "classifier");
    artifact.put("sha256", c.sha256());
    artifact.put("recipeSha256", c.recipeSha256());
    artifact.put("testAccuracy", c.testAccuracy());
    return dataset(c.classifierId(), artifact);
  }

  /** What an attempt wrote: the coupling it generated and the checkpoints it saved. */
  private List<Map<String, Object>> outputs(RunHistory run, StageAttempts.Attempt a) {
    List<Map<String, Object>> outputs = new ArrayList<>();
    a.coupling().ifPresent(c -> outputs.add(coupling(c)));
    a.checkpoints().forEach(c -> outputs.add(checkpoint(run, c.checkpointId())));
    return outputs;
  }

  private Map<String, Object> checkpoint(RunHistory preferred, String checkpointId) {
    Optional<Event.CheckpointSaved> saved = Lineage.stageSaving(preferred, checkpointId).flatMap(s -> s.checkpoint(checkpointId))
        .or(() -> runs.runsSaving(checkpointId).stream().findFirst().flatMap(runs::run)
            .flatMap(r -> Lineage.stageSaving(r, checkpointId)).flatMap(s -> s.checkpoint(checkpointId)));
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("kind", "checkpoint");
    saved.ifPresent(c -> {
      artifact.put("sha256", c.sha256());
      artifact.put("stage", c.stage());
      artifact.put("step", c.step());
    });
    return dataset(checkpointId, artifact);
  }

  private Map<String, Object> coupling(Event.CouplingMaterialized c) {
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("kind", "coupling");
    artifact.put("shardSha256s", c.shardSha256s());
    artifact.put("pairs", c.pairs());
    artifact.put("solver", c.solver());
    artifact.put("teacherCheckpoint", c.teacherCheckpoint());
    return dataset(c.couplingId(), artifact);
  }

  private Map<String, Object> dataset(String name, Map<String, Object> artifact) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("namespace", namespace);
    d.put("name", name);
    if (!artifact.isEmpty()) {
      Map<String, Object> facet = facet(FACETS_SCHEMA + "#/$defs/ReflowArtifactDatasetFacet");
      facet.putAll(artifact);
      d.put("facets", Map.of("reflow_artifact", facet));
    }
    return d;
  }

  /** A custom facet: OpenLineage requires each to name its producer and schema. */
  private static Map<String, Object> facet(String schemaUrl) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("_producer", PRODUCER);
    f.put("_schemaURL", schemaUrl);
    return f;
  }
}
