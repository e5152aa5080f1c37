package org.reflow.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reflow.flow.AdamConfig;
import org.reflow.flow.Loss;
import org.reflow.flow.TimeSampling;
import org.reflow.flow.TrainingConfig;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.Solver;
import org.snakeyaml.engine.v2.nodes.Node;
import org.reflow.text.Suggest;

/** Reads {@code defaults} and {@code stages}: training settings, stage kinds and their links. */
final class StageReader {

  static final Set<String> TRAIN_KEYS = orderedSet(
      "steps", "batch", "lr", "betas", "eps", "loss", "time", "clip", "ema", "checkpoint_every");
  private static final Set<String> STAGE_KEYS = orderedSet(
      "kind", "coupling", "teacher", "init", "pairs", "grid", "train");
  private static final Set<String> PAIRS_KEYS = orderedSet("count", "solver", "shard");
  private static final List<String> KINDS = List.of("rectify", "reflow", "distill");

  private final Nodes nodes;

  StageReader(Nodes nodes) {
    this.nodes = nodes;
  }

  /** Every stage, with defaults merged under each stage's own {@code train} block. */
  Map<String, StageSpec> read(Node stagesNode, Map<String, Node> defaults) {
    Map<String, StageSpec> stages = new LinkedHashMap<>();
    Map<String, Node> entries = nodes.namedEntries(stagesNode, "stages");
    if (entries.isEmpty() && nodes.errors().isEmpty()) {
      nodes.error(stagesNode, "stages", "an experiment needs at least one stage");
    }
    for (var e : entries.entrySet()) {
      stage(e.getKey(), e.getValue(), defaults, entries.keySet()).ifPresent(s -> stages.put(s.id(), s));
    }
    return stages;
  }

  private Optional<StageSpec> stage(String id, Node node, Map<String, Node> defaults, Set<String> ids) {
    String path = "stages." + id;
    Map<String, Node> m = nodes.mapping(node, path, STAGE_KEYS);
    if (!m.containsKey("kind")) {
      nodes.error(node, path, "missing 'kind': one of " + String.join(", ", KINDS));
      return Optional.empty();
    }
    Optional<StageKind> kind = nodes.text(m.get("kind"), path + ".kind").flatMap(k -> {
      if (KINDS.contains(k)) {
        return Optional.of(StageKind.valueOf(k.toUpperCase()));
      }
      nodes.error(m.get("kind"), path + ".kind", "unknown kind '" + Nodes.clip(k) + "'" + Suggest.hint(k, KINDS)
          + "; one of " + String.join(", ", KINDS));
      return Optional.empty();
    });
    Optional<String> teacher = reference(m, "teacher", path, id, ids);
    Optional<String> init = reference(m, "init", path, id, ids);
    Pairing coupling = m.containsKey("coupling")
        ? nodes.text(m.get("coupling"), path + ".coupling")
            .filter(c -> oneOf(m.get("coupling"), path + ".coupling", c, Pairing.yamlNames()))
            .flatMap(Pairing::ofYaml).orElse(Pairing.INDEPENDENT)
        : Pairing.INDEPENDENT;
    Optional<PairsSpec> pairs = m.containsKey("pairs") ? pairs(m.get("pairs"), path + ".pairs") : Optional.empty();
    int grid = m.containsKey("grid") ? nodes.smallInteger(m.get("grid"), path + ".grid", 1).orElse(1) : 1;
    Map<String, Node> train = new LinkedHashMap<>(defaults);
    if (m.containsKey("train")) {
      train.putAll(nodes.mapping(m.get("train"), path + ".train", TRAIN_KEYS));
    }
    Optional<TrainingConfig> config = training(train, path, node);
    long checkpointEvery = train.containsKey("checkpoint_every")
        ? nodes.integer(train.get("checkpoint_every"), path + ".train.checkpoint_every", 1).orElse(1000L) : 1000L;
    if (kind.isEmpty() || config.isEmpty()) {
      return Optional.empty();
    }
    StageKind k = kind.get();
    if (k == StageKind.RECTIFY && teacher.isPresent()) {
      nodes.error(m.get("teacher"), path + ".teacher", "a rectify stage trains on π0 and π1 directly and takes no teacher; use kind: reflow to train on a teacher's pairs");
    }
    if (k != StageKind.RECTIFY && teacher.isEmpty() && !m.containsKey("teacher")) {
      nodes.error(node, path, "a " + k.yamlName() + " stage needs 'teacher: <stage>', the flow whose pairs it trains on");
    }
    if (k != StageKind.RECTIFY && m.containsKey("coupling")) {
      nodes.error(m.get("coupling"), path + ".coupling", "only rectify stages choose a coupling; a " + k.yamlName() + " stage trains on its teacher's pairs");
    }
    if (k == StageKind.RECTIFY && m.containsKey("pairs")) {
      nodes.error(m.get("pairs"), path + ".pairs", "a rectify stage draws its pairs afresh every batch; 'pairs' belongs to reflow and distill stages");
    }
    if (k != StageKind.DISTILL && m.containsKey("grid")) {
      nodes.error(m.get("grid"), path + ".grid", "'grid' (the distillation time grid) belongs to distill stages");
    }
    TrainingConfig tc = k == StageKind.DISTILL ? config.get().withTimeSampling(new TimeSampling.Grid(grid)) : config.get();
    Optional<PairsSpec> p = k == StageKind.RECTIFY ? Optional.empty()
        : Optional.of(pairs.orElse(new PairsSpec(10_000, new Euler(100), 50_000)));
    if (p.isPresent() && p.get().count() < tc.batchSize()) {
      nodes.error(m.containsKey("pairs") ? m.get("pairs") : node, path + ".pairs.count", "a stage drawing batches of "
          + tc.batchSize() + " needs at least that many pairs, got " + p.get().count() + "; raise pairs.count or lower train.batch");
    }
    return Optional.of(new StageSpec(id, k, teacher, init, coupling, p, tc, checkpointEvery));
  }

  private Optional<String> reference(Map<String, Node> m, String key, String path, String self, Set<String> ids) {
    if (!m.containsKey(key)) {
      return Optional.empty();
    }
    String p = path + "." + key;
    return nodes.text(m.get(key), p).filter(ref -> {
      if (ref.equals(self)) {
        nodes.error(m.get(key), p, "a stage cannot be its own " + key);
        return false;
      }
      if (!ids.contains(ref)) {
        nodes.error(m.get(key), p, "unknown stage '" + Nodes.clip(ref) + "'" + Suggest.hint(ref, ids) + "; stages: " + Nodes.some(ids));
        return false;
      }
      return true;
    });
  }

  private Optional<PairsSpec> pairs(Node node, String path) {
    Map<String, Node> m = nodes.mapping(node, path, PAIRS_KEYS);
    long count = m.containsKey("count") ? nodes.integer(m.get("count"), path + ".count", 1).orElse(-1L) : 10_000;
    Solver solver = m.containsKey("solver") ? nodes.parsed(m.get("solver"), path + ".solver", Solver::parse).orElse(null) : new Euler(100);
    long shard = m.containsKey("shard") ? nodes.integer(m.get("shard"), path + ".shard", 1).orElse(-1L) : 50_000;
    return count > 0 && solver != null && shard > 0 ? Optional.of(new PairsSpec(count, solver, (int) Math.min(shard, Integer.MAX_VALUE))) : Optional.empty();
  }

  private Optional<TrainingConfig> training(Map<String, Node> t, String path, Node stageNode) {
    String p = path + ".train";
    if (!t.containsKey("steps")) {
      nodes.error(stageNode, p + ".steps", "no training steps given: set train.steps under defaults or in this stage");
      return Optional.empty();
    }
    Optional<Long> steps = nodes.integer(t.get("steps"), p + ".steps", 1);
    long batch = t.containsKey("batch") ? nodes.integer(t.get("batch"), p + ".batch", 1).orElse(-1L) : 2048;
    double lr = t.containsKey("lr") ? nodes.number(t.get("lr"), p + ".lr", 0, false).orElse(-1.0) : 5e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    if (t.containsKey("betas")) {
      List<Node> b = nodes.sequence(t.get("betas"), p + ".betas");
      if (b.size() != 2) {
        nodes.error(t.get("betas"), p + ".betas", "expected two numbers [beta1, beta2], e.g. [0.9, 0.999]");
      } else {
        beta1 = nodes.number(b.get(0), p + ".betas[0]", 0, true).orElse(-1.0);
        beta2 = nodes.number(b.get(1), p + ".betas[1]", 0, true).orElse(-1.0);
      }
    }
    double eps = t.containsKey("eps") ? nodes.number(t.get("eps"), p + ".eps", 0, false).orElse(-1.0) : 1e-8;
    Loss loss = t.containsKey("loss") ? nodes.parsed(t.get("loss"), p + ".loss", Loss::parse).orElse(null) : new Loss.Squared();
    TimeSampling time = t.containsKey("time") ? nodes.parsed(t.get("time"), p + ".time", TimeSampling::parse).orElse(null) : new TimeSampling.Uniform();
    double clip = t.containsKey("clip") ? nodes.number(t.get("clip"), p + ".clip", 0, true).orElse(-1.0) : 0;
    double ema = t.containsKey("ema") ? nodes.number(t.get("ema"), p + ".ema", 0, true).orElse(-1.0) : 0;
    if (ema >= 1) {
      nodes.error(t.get("ema"), p + ".ema", "EMA decay must be below 1 (0.999 is typical, 0 turns it off), got " + ema);
    }
    if (beta1 >= 1 || beta2 >= 1) {
      nodes.error(t.get("betas"), p + ".betas", "Adam betas must lie in [0, 1)");
    }
    if (steps.isEmpty() || batch < 1 || lr <= 0 || beta1 < 0 || beta2 < 0 || beta1 >= 1 || beta2 >= 1
        || eps <= 0 || loss == null || time == null || clip < 0 || ema < 0 || ema >= 1) {
      return Optional.empty();
    }
    return Optional.of(new TrainingConfig(steps.get(), (int) Math.min(batch, Integer.MAX_VALUE),
        new AdamConfig(lr, beta1, beta2, eps), loss, time, clip, ema));
  }

  private boolean oneOf(Node node, String path, String value, List<String> valid) {
    if (valid.contains(value)) {
      return true;
    }
    nodes.error(node, path, "unknown value '" + Nodes.clip(value) + "'" + Suggest.hint(value, valid) + "; one of " + String.join(", ", valid));
    return false;
  }

  static Set<String> orderedSet(String... keys) {
    return new java.util.LinkedHashSet<>(List.of(keys));
  }
}
