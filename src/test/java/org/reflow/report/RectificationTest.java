package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflow.spec.SpecReader;

class RectificationTest {

  @Test
  void kCountsReflowsFromTheRectifyStageAndADistillationKeepsItsTeachersK() {
    Map<String, Rectification> levels = Rectification.of(
        SpecReader.read(Path.of("experiments/three-gaussians.yaml"), List.of()).stages());
    assertEquals("1-RF", levels.get("rf1").label());
    assertEquals("2-RF", levels.get("rf2").label());
    assertEquals("3-RF", levels.get("rf3").label());
    assertEquals("2-RF distilled", levels.get("rf2-distilled").label());
    List<String> ordered = levels.values().stream().sorted().map(Rectification::label).toList();
    assertEquals(List.of("1-RF", "2-RF", "3-RF", "2-RF distilled"), ordered);
  }
}
