package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.data.Toys;
import org.reflow.rand.Rng;
import org.reflow.store.CorruptArtifactException;

/**
 * Same seed, same bytes: training is a pure function of (seed, stage, step), so two runs give
 * byte-identical checkpoint files, and a run stopped at step n and continued from its
 * checkpoint file ends byte-identical to one that ran straight through.
 */
class CheckpointDeterminismTest {

  private static final int STEPS = 60;

  /** EMA, clipping and pseudo-Huber on, so their state is part of what must survive a restart. */
  private static final TrainingConfig CONFIG = new TrainingConfig(
      STEPS, 256, AdamConfig.withLearningRate(5e-3), new Loss.PseudoHuber(0.01),
      new TimeSampling.LogitNormal(0, 1), 1.0, 0.99);

  @TempDir Path dir;

  @Test
  void twoRunsWithTheSameSeedWriteByteIdenticalCheckpoints() {
    String a = write(trainFromScratch(7, STEPS), "a.npz");
    String b = write(trainFromScratch(7, STEPS), "b.npz");
    assertEquals(a, b);
    assertNotEquals(a, write(trainFromScratch(8, STEPS), "c.npz"), "a different seed must change the bytes");
  }

  @Test
  void stoppingAtAStepAndContinuingFromTheFileGivesTheBytesOfAStraightRun() {
    String straight = write(trainFromScratch(7, STEPS), "straight.npz");
    for (int stopAt : new int[] {1, 23, STEPS - 1}) {
      Path file = dir.resolve("stop-" + stopAt + ".npz");
      String sha = CheckpointFile.write(file, trainFromScratch(7, stopAt).checkpoint(), Map.of("stage", "rf1"));
      TrainingCheckpoint restored = CheckpointFile.read(file, Optional.of(sha));
      assertEquals(stopAt, restored.step());
      FlowTrainer resumed = FlowTrainer.resume(restored, coupling(7), CONFIG, 7, "rf1");
      while (resumed.completedSteps() < STEPS) {
        resumed.step();
      }
      assertEquals(straight, write(resumed, "resumed-" + stopAt + ".npz"), "stopped at " + stopAt);
    }
  }

  @Test
  void checkpointRoundTripsEveryTensorAdamsMomentsTheEmaAndTheArchitecture() {
    FlowTrainer trainer = trainFromScratch(7, 5);
    Path file = dir.resolve("ckpt.npz");
    CheckpointFile.write(file, trainer.checkpoint(), Map.of("stage", "rf1", "loss", 0.5));
    TrainingCheckpoint read = CheckpointFile.read(file, Optional.empty());
    TrainingCheckpoint original = trainer.checkpoint();
    assertEquals(original.spec(), read.spec());
    assertEquals(original.step(), read.step());
    assertEquals(original.optimizerSteps(), read.optimizerSteps());
    Map<String, Map<String, float[]>> originals = Map.of("parameters", original.parameters(),
        "Adam's first moment", original.firstMoment(), "Adam's second moment", original.secondMoment(),
        "EMA", original.ema().orElseThrow());
    Map<String, Map<String, float[]>> reads = Map.of("parameters", read.parameters(),
        "Adam's first moment", read.firstMoment(), "Adam's second moment", read.secondMoment(),
        "EMA", read.ema().orElseThrow());
    for (String tensors : originals.keySet()) {
      assertEquals(original.parameters().keySet(), originals.get(tensors).keySet(), tensors);
      assertEquals(original.parameters().keySet(), reads.get(tensors).keySet(), tensors);
      for (String name : original.parameters().keySet()) {
        assertArrayEquals(originals.get(tensors).get(name), reads.get(tensors).get(name), tensors + " " + name);
      }
    }
    // after 5 steps no two of the four agree, so a reader that swapped or reused one would fail above
    String weight = "layer0.weight";
    assertFalse(Arrays.equals(original.firstMoment().get(weight), original.secondMoment().get(weight)));
    assertFalse(Arrays.equals(original.parameters().get(weight), original.ema().orElseThrow().get(weight)));
  }

  @Test
  void aCorruptCheckpointIsRefusedWithAMessageNamingTheFile() throws IOException {
    Path file = dir.resolve("ckpt.npz");
    String sha = CheckpointFile.write(file, trainFromScratch(7, 3).checkpoint(), Map.of());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    var e = assertThrows(CorruptArtifactException.class, () -> CheckpointFile.read(file, Optional.of(sha)));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(sha), e.getMessage());
  }

  @Test
  void mismatchedDimensionsBetweenModelAndPairsAreRefusedBeforeTraining() {
    VelocityMlp model = VelocityMlp.initialize(ModelSpec.paperToy(3), Rng.of(1, "rf1", "init", 0));
    var e = assertThrows(IllegalArgumentException.class,
        () -> FlowTrainer.start(model, coupling(7), CONFIG, 7, "rf1"));
    assertTrue(e.getMessage().contains("2-dimensional") && e.getMessage().contains("3-dimensional"), e.getMessage());
  }

  private FlowTrainer trainFromScratch(long seed, int steps) {
    VelocityMlp model = VelocityMlp.initialize(
        new ModelSpec(2, List.of(32, 32), Activation.SILU, new TimeEncoding.Sinusoidal(4, 1000)),
        Rng.of(seed, "rf1", "init", 0));
    FlowTrainer trainer = FlowTrainer.start(model, coupling(seed), CONFIG, seed, "rf1");
    for (int i = 0; i < steps; i++) {
      trainer.step();
    }
    return trainer;
  }

  private static IndependentCoupling coupling(long seed) {
    return new IndependentCoupling(Toys.byName("gaussian"), Toys.byName("moons"), seed, "rf1");
  }

  private String write(FlowTrainer trainer, String name) {
    return CheckpointFile.write(dir.resolve(name), trainer.checkpoint(), Map.of("stage", "rf1"));
  }
}
