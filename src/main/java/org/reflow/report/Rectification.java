package org.reflow.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reflow.spec.StageKind;
import org.reflow.spec.StageSpec;

/**
 * Which rectified flow a stage trains: k = 1 for a rectify stage, one more than its teacher's for
 * a reflow, its teacher's k for a distillation (Liu, Gong &amp; Liu 2022: k-rectified flow and
 * its one-step distillation). The x axis of straightness and transport cost.
 */
public record Rectification(int k, boolean distilled) implements Comparable<Rectification> {

  /** Each stage's rectification, in the spec's stage order. */
  public static Map<String, Rectification> of(Map<String, StageSpec> stages) {
    Map<String, Rectification> levels = new LinkedHashMap<>();
    stages.keySet().forEach(id -> level(id, stages, levels));
    Map<String, Rectification> ordered = new LinkedHashMap<>();
    stages.keySet().forEach(id -> ordered.put(id, levels.get(id)));
    return ordered;
  }

  private static Rectification level(String id, Map<String, StageSpec> stages, Map<String, Rectification> levels) {
    Rectification known = levels.get(id);
    if (known != null) {
      return known;
    }
    StageSpec stage = stages.get(id);
    Rectification level = stage.kind() == StageKind.RECTIFY ? new Rectification(1, false)
        : new Rectification(level(stage.teacher().orElseThrow(), stages, levels).k()
            + (stage.kind() == StageKind.REFLOW ? 1 : 0), stage.kind() == StageKind.DISTILL);
    levels.put(id, level);
    return level;
  }

  /** "2-RF", or "2-RF distilled". */
  public String label() {
    return k + "-RF" + (distilled ? " distilled" : "");
  }

  /** Rectified flows by k, then distillations by the k they distil: 1-RF, 2-RF, 3-RF, 2-RF distilled. */
  @Override
  public int compareTo(Rectification other) {
    return distilled != other.distilled ? Boolean.compare(distilled, other.distilled) : Integer.compare(k, other.k);
  }
}
