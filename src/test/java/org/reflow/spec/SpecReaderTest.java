package org.reflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeSampling;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.Solver;

class SpecReaderTest {

  private static final Path PAPER = Path.of("experiments/three-gaussians.yaml");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("experiments"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyShippedExampleValidatesAndItsDataOpens(Path file) {
    ExperimentSpec spec = SpecReader.read(file, List.of());
    assertTrue(spec.stages().size() >= 2);
    assertEquals(spec.model().dim(), spec.source().open(spec.seed(), "pi0").dim());
    assertEquals(spec.model().dim(), spec.target().open(spec.seed(), "pi1").dim());
  }

  @Test
  void thePaperExampleReadsAsThePaperSetsItUp() {
    ExperimentSpec spec = SpecReader.read(PAPER, List.of());
    assertEquals("three-gaussians", spec.name());
    assertEquals(ModelSpec.paperToy(2), spec.model());
    assertEquals(new SourceSpec.Toy("three-gaussians-source", 10_000), spec.source());
    assertEquals(List.of("rf1", "rf2", "rf3", "rf2-distilled"), List.copyOf(spec.stages().keySet()));
    StageSpec rf2 = spec.stages().get("rf2");
    assertEquals(StageKind.REFLOW, rf2.kind());
    assertEquals(Optional.of("rf1"), rf2.teacher());
    assertEquals(Optional.of("rf1"), rf2.init());
    assertEquals(new PairsSpec(10_000, new Euler(100), 50_000), rf2.pairs().orElseThrow());
    assertEquals(2048, rf2.train().batchSize());
    assertEquals(5e-3, rf2.train().adam().learningRate());
    assertEquals(new TimeSampling.Grid(1), spec.stages().get("rf2-distilled").train().timeSampling());
    assertEquals(List.of(Solver.parse("euler:1"), Solver.parse("euler:2"), Solver.parse("rk45")), spec.evaluation().solvers());
    assertEquals(Files.exists(PAPER) ? readString(PAPER) : "", spec.effectiveYaml(), "without --set the file is the record");
  }

  @Test
  void overridesChangeTheEffectiveSpecAndItsHash() {
    ExperimentSpec plain = SpecReader.read(PAPER, List.of());
    ExperimentSpec changed = SpecReader.read(PAPER, List.of("stages.rf1.train.steps=500", "model.hidden=[64, 32]"));
    assertEquals(500, changed.stages().get("rf1").train().steps());
    assertEquals(2500, changed.stages().get("rf2").train().steps(), "other stages keep the defaults");
    assertEquals(List.of(64, 32), changed.model().hidden());
    assertTrue(changed.effectiveYaml().contains("steps: 500"), changed.effectiveYaml());
    assertNotEquals(plain.sha256(), changed.sha256());
    assertEquals(changed.sha256(), SpecReader.read(PAPER, List.of("stages.rf1.train.steps=500", "model.hidden=[64, 32]")).sha256());
  }

  @Test
  void badOverridesNameTheOptionAndTheProblem() {
    var typo = assertThrows(SpecException.class, () -> SpecReader.read(PAPER, List.of("stages.rf1.trian.steps=5")));
    assertTrue(typo.getMessage().contains("--set stages.rf1.trian.steps: stages.rf1.trian: unknown key 'trian' (did you mean 'train'?)"), typo.getMessage());
    var throughValue = assertThrows(SpecException.class, () -> SpecReader.read(PAPER, List.of("seed.x=1")));
    assertTrue(throughValue.getMessage().contains("'seed' is a value, not a mapping"), throughValue.getMessage());
    var noEquals = assertThrows(SpecException.class, () -> SpecReader.read(PAPER, List.of("seed")));
    assertTrue(noEquals.getMessage().contains("expected KEY.PATH=VALUE"), noEquals.getMessage());
    var badValue = assertThrows(SpecException.class, () -> SpecReader.read(PAPER, List.of("seed=-3")));
    assertTrue(badValue.getMessage().contains("--set seed: seed: must be >= 0"), badValue.getMessage());
  }

  @Test
  void aMissingFileIsOneClearError() {
    var e = assertThrows(SpecException.class, () -> SpecReader.read(Path.of("experiments/nope.yaml"), List.of()));
    assertTrue(e.getMessage().contains("experiments/nope.yaml: cannot read the experiment file"), e.getMessage());
  }

  @Test
  void yamlTagsConstructNothing() {
    String text = "experiment: !!java.lang.ProcessBuilder [echo]\nseed: 0\ndata: {source: moons, target: 8gaussians}\n"
        + "defaults: {train: {steps: 1}}\nstages: {rf1: {kind: rectify}}\n";
    var e = assertThrows(SpecException.class, () -> SpecReader.parse(text, "tagged.yaml", Path.of("."), List.of()));
    assertTrue(e.getMessage().contains("tagged.yaml:1:13: experiment: expected a value, found a list"), e.getMessage());
  }

  @Test
  void thePlanRunsBranchesOfOneTeacherTogetherAndEachStageAfterItsInputs() {
    Plan plan = Plan.of(SpecReader.read(PAPER, List.of()).stages());
    assertEquals(List.of("rf1", "rf2", "rf3", "rf2-distilled"), plan.order());
    assertEquals(List.of("rf1"), plan.ready(Set.of(), Set.of()));
    assertEquals(List.of("rf3", "rf2-distilled"), plan.ready(Set.of("rf1", "rf2"), Set.of()));
    assertEquals(List.of("rf2-distilled"), plan.ready(Set.of("rf1", "rf2"), Set.of("rf3")));
    assertEquals(Optional.empty(), plan.cycle());
  }

  @Test
  void aRectifyStagesCouplingIsReadOnceAsItsPairingAndAnUnknownOneIsNamedWithTheChoices() {
    Path branches = Path.of("src/test/resources/specs/valid/tiny-branches.yaml");
    var stages = SpecReader.read(branches, List.of()).stages();
    assertEquals(Pairing.INDEPENDENT, stages.get("independent").coupling(), "no coupling: independent");
    assertEquals(Pairing.MINIBATCH_OT, stages.get("ot").coupling());
    var typo = assertThrows(SpecException.class, () -> SpecReader.read(branches, List.of("stages.ot.coupling=minibatch")));
    assertTrue(typo.getMessage().contains("stages.ot.coupling: unknown value 'minibatch'"), typo.getMessage());
    assertTrue(typo.getMessage().contains("one of independent, minibatch-ot"), typo.getMessage());
  }

  @Test
  void thePlanGivesEachStagesInputsTeacherFirstAndOnceAndAsksTheSameOfARecordedPlan() {
    var stages = SpecReader.read(Path.of("src/test/resources/specs/valid/tiny-chain.yaml"), List.of()).stages();
    Plan plan = Plan.of(stages);
    assertEquals(List.of("rf1", "rf2", "rf2-distilled"), List.copyOf(plan.inputs().keySet()), "the spec's stage order");
    assertEquals(List.of(), plan.inputs().get("rf1"));
    assertEquals(List.of("rf1"), plan.inputs().get("rf2"), "teacher and init rf1: one input");
    assertEquals(List.of("rf2"), plan.inputs().get("rf2-distilled"));
    Plan recorded = Plan.ofInputs(plan.inputs());
    assertEquals(List.of("rf2"), recorded.ready(Set.of("rf1"), Set.of()));
    assertEquals(List.of(), recorded.ready(Set.of("rf1"), Set.of("rf2")), "a running stage is not ready again");
  }

  private static String readString(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
