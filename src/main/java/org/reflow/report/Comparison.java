package org.reflow.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.spec.SpecOutline;
import org.reflow.spec.Variant;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Runs side by side: each column is a run's sweep point (its replicates pooled), or one variant,
 * with its final metrics over replicates per stage of the file and solver, and its spec flattened
 * to KEY.PATH → value (the sweep point's values set, the seeds it ran at) so the specs' differences show.
 */
public record Comparison(List<Column> columns, List<Row> metrics, List<SpecRow> spec) {

  /** What to compare: a run, and "" for each of its sweep points, or a variant's or a point's name. */
  public record Selection(RunHistory history, String selector) {}

  /** One column: {@code run/point} (or {@code run/variant}), the seeds it pools, the run's status. */
  public record Column(String runId, String name, List<Long> seeds, String status) {

    public String label() {
      return name.isEmpty() ? runId : runId + "/" + name;
    }
  }

  /** A metric of a stage at a solver, in each column (empty where the column has no value). */
  public record Row(String stage, String solver, String metric, List<Optional<Replicates.Stat>> values) {}

  /** A key of the specs and its value in each column ("" where absent). */
  public record SpecRow(String key, List<String> values) {

    public boolean differs() {
      return values.stream().distinct().count() > 1;
    }
  }

  /** Keys that size or seed a run: its seeds are shown instead, as {@code seed}. */
  private static final Set<String> RUN_SHAPE = Set.of("replicates", "max_stages", "seed");

  /** Compares the selections, in order; throws IllegalArgumentException naming a selector that matches no variant. */
  public static Comparison of(List<Selection> selections) {
    List<Column> columns = new ArrayList<>();
    List<Map<Replicates.Key, Map<String, Replicates.Stat>>> stats = new ArrayList<>();
    List<Map<String, String>> specs = new ArrayList<>();
    for (Selection s : selections) {
      RunInfo run = s.history().run().orElseThrow();
      SpecOutline outline = Replicates.outline(s.history());
      for (List<Variant> group : groups(run.runId(), outline.variants(), s.selector())) {
        Set<Variant> members = Set.copyOf(group);
        String name = s.selector().isEmpty() ? group.get(0).point() : s.selector();
        columns.add(new Column(run.runId(), name, group.stream().map(Variant::seed).toList(), s.history().status()));
        Map<Replicates.Key, Map<String, Replicates.Stat>> byKey = new LinkedHashMap<>();
        Replicates.of(s.history(), members::contains).stats().forEach((k, v) -> byKey.put(new Replicates.Key("", k.stage(), k.solver()), v));
        stats.add(byKey);
        specs.add(flatSpec(run.specYaml(), group));
      }
    }
    return new Comparison(columns, rows(stats), specRows(specs));
  }

  /** The variants of each column a selection makes: each sweep point, or the one the selector names. */
  private static List<List<Variant>> groups(String runId, List<Variant> variants, String selector) {
    Map<String, List<Variant>> byPoint = new LinkedHashMap<>();
    variants.forEach(v -> byPoint.computeIfAbsent(v.point(), p -> new ArrayList<>()).add(v));
    if (selector.isEmpty()) {
      return List.copyOf(byPoint.values());
    }
    if (byPoint.containsKey(selector)) {
      return List.of(byPoint.get(selector));
    }
    Optional<Variant> one = variants.stream().filter(v -> v.name().equals(selector)).findFirst();
    if (one.isPresent()) {
      return List.of(List.of(one.get()));
    }
    Set<String> names = new LinkedHashSet<>(byPoint.keySet());
    variants.forEach(v -> names.add(v.name()));
    names.remove("");
    throw new IllegalArgumentException("run " + runId + " has no variant or sweep point '" + selector + "'; "
        + (names.isEmpty() ? "it has none: compare it as " + runId : "it has " + String.join(", ", names)));
  }

  private static List<Row> rows(List<Map<Replicates.Key, Map<String, Replicates.Stat>>> stats) {
    Map<List<String>, List<Optional<Replicates.Stat>>> rows = new LinkedHashMap<>();
    for (int c = 0; c < stats.size(); c++) {
      for (var e : stats.get(c).entrySet()) {
        for (var m : e.getValue().entrySet()) {
          List<Optional<Replicates.Stat>> cells = rows.computeIfAbsent(List.of(e.getKey().stage(), e.getKey().solver(), m.getKey()),
              k -> new ArrayList<>(java.util.Collections.nCopies(stats.size(), Optional.empty())));
          cells.set(c, Optional.of(m.getValue()));
        }
      }
    }
    List<Row> out = new ArrayList<>();
    rows.forEach((k, v) -> out.add(new Row(k.get(0), k.get(1), k.get(2), v)));
    return out;
  }

  private static List<SpecRow> specRows(List<Map<String, String>> specs) {
    Set<String> keys = new java.util.TreeSet<>();
    specs.forEach(s -> keys.addAll(s.keySet()));
    List<SpecRow> out = new ArrayList<>();
    for (String key : keys) {
      out.add(new SpecRow(key, specs.stream().map(s -> s.getOrDefault(key, "")).toList()));
    }
    return out;
  }

  /** A recorded spec as KEY.PATH → value, with the sweep point's values set and the seeds the column ran. */
  private static Map<String, String> flatSpec(String yaml, List<Variant> group) {
    Map<String, String> flat = new TreeMap<>();
    flatten("", new Load(LoadSettings.builder().build()).loadFromString(yaml), flat);
    flat.keySet().removeIf(k -> RUN_SHAPE.contains(k) || k.equals("sweep") || k.startsWith("sweep."));
    group.get(0).assignments().forEach(flat::put);
    flat.put("seed", String.join(", ", group.stream().map(v -> Long.toString(v.seed())).toList()));
    return flat;
  }

  private static void flatten(String prefix, Object node, Map<String, String> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else {
      out.put(prefix, String.valueOf(node));
    }
  }
}
