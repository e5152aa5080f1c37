package org.reflow.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.StageRecord;
import org.reflow.lineage.Lineage;
import org.reflow.lineage.LineageNode;
import org.reflow.lineage.Runs;
import org.reflow.report.LineageGraph;
import org.reflow.report.LineageSvg;
import org.reflow.report.LossCurve;
import org.reflow.report.Series;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** What the run and compare pages draw, beyond {@code show --json}: loss curves, every metric, the spec, the lineage. */
final class RunViews {

  private RunViews() {}

  /**
   * Each stage's loss curve thinned to about {@code 2 × buckets} points keeping its extremes, with
   * the sequence number it is current to (a page asks the event stream for what follows).
   */
  static Map<String, Object> loss(RunTable.Seen run, int buckets) {
    List<Map<String, Object>> stages = new ArrayList<>();
    for (StageRecord s : run.history().stages().values()) {
      Series full = LossCurve.of(s.id(), s.checkpoints());
      Series shown = Downsample.extremes(full, buckets);
      Map<String, Object> stage = new LinkedHashMap<>();
      stage.put("stage", s.id());
      stage.put("steps", full.size());
      stage.put("x", shown.x());
      stage.put("y", shown.y());
      stages.add(stage);
    }
    return Map.of("sequenceNr", run.sequenceNr(), "stages", stages);
  }

  /** Every metrics event of the run, in order: per checkpoint and solver. */
  static List<Map<String, Object>> metrics(RunHistory h) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Event e : h.events()) {
      if (e instanceof Event.MetricsRecorded m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("stage", m.stage());
        row.put("checkpoint", m.checkpointId());
        row.put("step", m.step());
        row.put("solver", m.solver());
        row.put("values", m.values());
        out.add(row);
      }
    }
    return out;
  }

  /** The recorded spec: its text, and every leaf as a dotted path → value (for the compare page's differences). */
  static Map<String, Object> spec(RunInfo run) {
    Map<String, Object> flat = new TreeMap<>();
    flatten("", new Load(LoadSettings.builder().build()).loadFromString(run.specYaml()), flat);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("yaml", run.specYaml());
    doc.put("sha256", run.specSha256());
    doc.put("flat", flat);
    return doc;
  }

  private static void flatten(String prefix, Object node, Map<String, Object> out) {
    if (node instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else if (node instanceof List<?> list && !list.isEmpty() && list.stream().anyMatch(v -> v instanceof Map<?, ?>)) {
      for (int i = 0; i < list.size(); i++) {
        flatten(prefix + "[" + i + "]", list.get(i), out);
      }
    } else {
      out.put(prefix, node == null ? null : String.valueOf(node));
    }
  }

  /** The lineage of every stage's latest checkpoint, merged and drawn as the report draws it. */
  static String lineageSvg(RunHistory h) {
    RunInfo info = h.run().orElseThrow(() -> new IllegalArgumentException("the run has no history"));
    Runs runs = Runs.of(h);
    List<LineageNode> roots = new ArrayList<>();
    for (StageRecord s : h.stages().values()) {
      s.finalCheckpoint().flatMap(s::checkpoint).or(s::lastCheckpoint)
          .ifPresent(c -> roots.add(Lineage.upstream(runs, info.runId(), c.checkpointId())));
    }
    return LineageSvg.render(LineageGraph.of(roots), info.runId());
  }
}
