package org.reflow.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.StageRecord;
import org.reflow.metrics.Estimate;
import org.reflow.spec.SpecOutline;
import org.reflow.spec.SpecReader;
import org.reflow.spec.StageSpec;
import org.reflow.spec.Variant;

/**
 * A run's final metrics over its replicates: for each sweep point, stage of the file and solver,
 * each metric's values by seed and their {@link Estimate}; and the paired effects the paper
 * claims, seed by seed — a reflow or distilled stage against its teacher: W2 and straightness as
 * ratios (stage ÷ teacher), transport cost as a difference (stage − teacher). Only completed
 * stages count, with the metrics of their final checkpoint: a failed or unfinished replicate is
 * left out, and N says how many remain. A plain run is one replicate (N = 1, no interval).
 */
public final class Replicates {

  /** The metrics compared between a stage and its teacher, and how. */
  public static final Map<String, String> EFFECTS = Map.of("w2", "ratio", "straightness", "ratio", "transport_cost", "difference");

  /** A stage of the file at one sweep point ("" without a sweep), sampled with one solver. */
  public record Key(String point, String stage, String solver) {}

  /** One metric over replicates: its values by seed, and their estimate. */
  public record Stat(Estimate estimate, Map<Long, Double> values) {

    static Optional<Stat> of(Map<Long, Double> values) {
      return values.values().stream().anyMatch(Double::isFinite)
          ? Optional.of(new Stat(Estimate.of(List.copyOf(values.values())), Map.copyOf(values))) : Optional.empty();
    }
  }

  /** A paired effect: {@code metric} of {@code stage} against {@code teacher}'s, per seed, as a ratio or a difference. */
  public record Effect(String point, String stage, String teacher, String solver, String metric, String kind, Stat stat) {}

  private final Map<Key, Map<String, Stat>> stats;
  private final List<Effect> effects;

  private Replicates(Map<Key, Map<String, Stat>> stats, List<Effect> effects) {
    this.stats = stats;
    this.effects = effects;
  }

  /** Each (point, stage, solver)'s metrics over replicates, in the spec's order. */
  public Map<Key, Map<String, Stat>> stats() {
    return stats;
  }

  public List<Effect> effects() {
    return effects;
  }

  /** The statistics of {@code history}'s run, its variants read from its recorded spec. */
  public static Replicates of(RunHistory history) {
    return of(history, v -> true);
  }

  /** The statistics over the variants {@code which} accepts only. */
  public static Replicates of(RunHistory history, java.util.function.Predicate<Variant> which) {
    return of(history, outline(history), which);
  }

  /** The variants and stages of {@code history}'s run, from the spec it recorded. */
  public static SpecOutline outline(RunHistory history) {
    RunInfo run = history.run().orElseThrow(() -> new IllegalArgumentException("the run was never submitted"));
    return SpecReader.outline(run.specYaml(), "the spec recorded by run " + run.runId());
  }

  private static Replicates of(RunHistory history, SpecOutline all, java.util.function.Predicate<Variant> which) {
    SpecOutline outline = new SpecOutline(all.source(), all.target(), all.stages(), all.variants().stream().filter(which).toList());
    // (point, file stage, solver) → metric → seed → value
    Map<Key, Map<String, Map<Long, Double>>> values = new LinkedHashMap<>();
    for (Variant v : outline.variants()) {
      v.stages().forEach((id, stage) -> finalMetrics(history, id).forEach((solver, metrics) -> metrics.forEach((metric, x) ->
          values.computeIfAbsent(new Key(v.point(), stage, solver), k -> new LinkedHashMap<>())
              .computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(v.seed(), x))));
    }
    Map<Key, Map<String, Stat>> stats = new LinkedHashMap<>();
    values.forEach((key, byMetric) -> {
      Map<String, Stat> m = new LinkedHashMap<>();
      byMetric.forEach((metric, bySeed) -> Stat.of(bySeed).ifPresent(s -> m.put(metric, s)));
      stats.put(key, m);
    });
    return new Replicates(stats, effects(history, outline));
  }

  private static List<Effect> effects(RunHistory history, SpecOutline outline) {
    Map<List<String>, Map<Long, Double>> paired = new LinkedHashMap<>(); // [point, stage, teacher, solver, metric] → seed → effect
    for (Variant v : outline.variants()) {
      for (var e : v.stages().entrySet()) {
        StageSpec spec = outline.stages().get(e.getKey());
        if (spec.teacher().isEmpty()) {
          continue;
        }
        String teacher = spec.teacher().get();
        Map<String, Map<String, Double>> mine = finalMetrics(history, e.getKey());
        Map<String, Map<String, Double>> theirs = finalMetrics(history, teacher);
        mine.forEach((solver, metrics) -> EFFECTS.forEach((metric, kind) -> {
          Double a = metrics.get(metric);
          Double b = theirs.getOrDefault(solver, Map.of()).get(metric);
          if (a != null && b != null) {
            double effect = kind.equals("ratio") ? a / b : a - b;
            paired.computeIfAbsent(List.of(v.point(), e.getValue(), v.stages().get(teacher), solver, metric), k -> new LinkedHashMap<>())
                .put(v.seed(), effect);
          }
        }));
      }
    }
    List<Effect> out = new ArrayList<>();
    paired.forEach((k, bySeed) -> Stat.of(bySeed).ifPresent(s ->
        out.add(new Effect(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), EFFECTS.get(k.get(4)), s))));
    return out;
  }

  /** A completed stage's final checkpoint's metrics by solver; nothing for a stage not completed. */
  private static Map<String, Map<String, Double>> finalMetrics(RunHistory history, String stage) {
    StageRecord record = history.stages().get(stage);
    if (record == null || record.status() != StageRecord.Status.COMPLETED || record.finalCheckpoint().isEmpty()) {
      return Map.of();
    }
    String last = record.finalCheckpoint().get();
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (Event.MetricsRecorded m : history.metrics(stage)) {
      if (m.checkpointId().equals(last)) {
        out.put(m.solver(), m.values());
      }
    }
    return out;
  }
}
