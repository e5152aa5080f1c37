package org.reflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepTest {

  private static final Path PAPER = Path.of("experiments/three-gaussians.yaml");
  private static final Path REPLICATED = Path.of("experiments/three-gaussians-replicated.yaml");

  @Test
  void aPlainSpecIsOneUnnamedVariantWithTheFilesStageIds() {
    ExperimentSpec spec = SpecReader.read(PAPER, List.of());
    assertFalse(spec.expanded());
    assertEquals(List.of("rf1", "rf2", "rf3", "rf2-distilled"), List.copyOf(spec.stages().keySet()));
    assertEquals(1, spec.variants().size());
    assertEquals("", spec.variantOf("rf2").variant().name());
    assertEquals(0, spec.variantOf("rf2").variant().seed());
    assertEquals(Map.of(), spec.stageVariants(), "a plain run records no variants: its history reads as before");
  }

  @Test
  void replicatesCopyTheChainOncePerSeedEachReplicateLearningFromItsOwnTeacher() {
    ExperimentSpec spec = SpecReader.read(REPLICATED, List.of());
    assertEquals(20, spec.stages().size());
    assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), spec.variants().stream().map(v -> v.variant().name()).toList());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), spec.variants().stream().map(v -> v.variant().seed()).toList());
    StageSpec rf3 = spec.stages().get("s3/rf3");
    assertEquals(Optional.of("s3/rf2"), rf3.teacher());
    assertEquals(Optional.of("s3/rf2"), rf3.init());
    assertEquals(3, spec.variantOf("s3/rf3").variant().seed());
    assertEquals("rf3", spec.variantOf("s3/rf3").variant().stages().get("s3/rf3"));
    assertEquals("s3", spec.stageVariants().get("s3/rf2-distilled"));
    assertEquals(List.of("s1/rf1", "s1/rf2", "s1/rf3", "s1/rf2-distilled"),
        List.copyOf(spec.variants().get(1).variant().stages().keySet()));
    assertEquals(spec.stages().keySet(), SpecReader.outline(spec.effectiveYaml(), "recorded").stages().keySet(),
        "the read side expands a recorded spec to the same stage ids");
  }

  @Test
  void aSweepIsTheCrossProductOfItsValuesEachVariantReadWithItsValuesSet() {
    ExperimentSpec spec = SpecReader.read(PAPER, List.of("replicates=2",
        "sweep={stages.rf1.train.lr: [1.0e-3, 5.0e-3], model.hidden: [[64, 64], [32]]}"));
    assertEquals(List.of("lr=1.0e-3,hidden=64x64/s0", "lr=1.0e-3,hidden=64x64/s1", "lr=1.0e-3,hidden=32/s0",
            "lr=1.0e-3,hidden=32/s1", "lr=5.0e-3,hidden=64x64/s0", "lr=5.0e-3,hidden=64x64/s1", "lr=5.0e-3,hidden=32/s0",
            "lr=5.0e-3,hidden=32/s1"),
        spec.variants().stream().map(v -> v.variant().name()).toList());
    assertEquals(32, spec.stages().size());
    assertEquals(1.0e-3, spec.stages().get("lr=1.0e-3,hidden=32/s1/rf1").train().adam().learningRate(), 0);
    assertEquals(5.0e-3, spec.stages().get("lr=1.0e-3,hidden=32/s1/rf2").train().adam().learningRate(), 0, "the sweep sets rf1's lr only");
    assertEquals(List.of(32), spec.variantOf("lr=5.0e-3,hidden=32/s0/rf3").model().hidden());
    assertEquals(List.of(64, 64), spec.variantOf("lr=5.0e-3,hidden=64x64/s0/rf3").model().hidden());
    assertEquals(Map.of("stages.rf1.train.lr", "5.0e-3", "model.hidden", "32"),
        spec.variantOf("lr=5.0e-3,hidden=32/s1/rf1").variant().assignments());
    assertEquals("lr=5.0e-3,hidden=32", spec.variantOf("lr=5.0e-3,hidden=32/s1/rf1").variant().point());
  }

  @Test
  void sweptKeysWithOneLastNameAreNamedByTheirShortestDistinctSuffix() {
    ExperimentSpec spec = SpecReader.read(PAPER, List.of("sweep={stages.rf1.train.lr: [1.0e-3], stages.rf2.train.lr: [2.0e-3]}"));
    assertEquals("rf1.train.lr=1.0e-3,rf2.train.lr=2.0e-3", spec.variants().get(0).variant().name());
  }

  @Test
  void anEmptyGridAnUnsweepableKeyAndABadValueAreRefusedNamingWhatToDo() {
    String empty = refusal(List.of("sweep={}"));
    assertTrue(empty.contains("an empty grid"), empty);
    String noValues = refusal(List.of("sweep={defaults.train.lr: []}"));
    assertTrue(noValues.contains("sweep.defaults.train.lr: no values"), noValues);
    String seed = refusal(List.of("sweep={seed: [1, 2]}"));
    assertTrue(seed.contains("use 'replicates: N'"), seed);
    String evaluation = refusal(List.of("sweep={evaluation.samples: [100, 200]}"));
    assertTrue(evaluation.contains("'evaluation' cannot be swept"), evaluation);
    String twice = refusal(List.of("sweep={defaults.train.lr: [0.1, 0.1]}"));
    assertTrue(twice.contains("listed twice"), twice);
    String bad = refusal(List.of("sweep={defaults.train.lr: [0.1, -1]}"));
    assertTrue(bad.contains("in sweep variant lr=-1: must be a finite number > 0.0"), bad);
    String replicates = refusal(List.of("replicates=0"));
    assertTrue(replicates.contains("replicates"), replicates);
  }

  @Test
  void aGridOverTheStageLimitIsRefusedWithItsSizeAndTheLimitCanBeRaised() {
    List<String> big = List.of("replicates=10", "sweep={defaults.train.lr: [1, 2, 3, 4, 5, 6]}");
    String refused = refusal(big);
    assertTrue(refused.contains("6 variant(s) × 10 replicate(s) × 4 stage(s) = 240 stages, over the limit of 200 (max_stages)"), refused);
    List<String> raised = new java.util.ArrayList<>(big);
    raised.add("max_stages=240");
    assertEquals(240, SpecReader.read(PAPER, raised).stages().size());
    String lowered = refusal(List.of("replicates=5", "max_stages=19"));
    assertTrue(lowered.contains("= 20 stages, over the limit of 19"), lowered);
  }

  private static String refusal(List<String> overrides) {
    return assertThrows(SpecException.class, () -> SpecReader.read(PAPER, overrides)).getMessage();
  }
}
