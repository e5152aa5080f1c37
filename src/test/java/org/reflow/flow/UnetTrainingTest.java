package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.data.Points;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.VelocityField;
import org.reflow.rand.Rng;

/**
 * The U-Net trains through the same step-engine interface the Trainer drives, its checkpoint
 * is the usual .npz with the architecture in meta.json, and the checkpoint's field runs
 * through the solvers.
 */
class UnetTrainingTest {

  private static final ModelSpec SPEC = UnetGradientTest.TINY;
  private static final TrainingConfig CONFIG = new TrainingConfig(12, 8, AdamConfig.withLearningRate(1e-2),
      new Loss.Squared(), new TimeSampling.Uniform(), 1.0, 0.9);

  @TempDir Path dir;

  @Test
  void aTinyUnetLearnsAndItsCheckpointRoundTripsAndContinues() {
    StepEngine engine = start();
    assertEquals(GraphTrainer.class, engine.getClass());
    double[] losses = new double[12];
    for (int s = 0; s < 6; s++) {
      losses[s] = engine.step();
    }
    Path file = dir.resolve("unet.npz");
    String sha = CheckpointFile.write(file, engine.checkpoint(), Map.of("stage", "rf1"));
    assertEquals(sha, CheckpointFile.write(dir.resolve("again.npz"), engine.checkpoint(), Map.of("stage", "rf1")),
        "the same state writes the same bytes");
    TrainingCheckpoint read = CheckpointFile.read(file, Optional.of(sha));
    assertEquals(SPEC, read.spec(), "the architecture comes back from meta.json");
    assertEquals(GraphModel.shapes(SPEC).keySet(), read.parameters().keySet());
    StepEngine resumed = StepEngines.resume(SPEC, read, EnginesAgreeTest.pairs(64), CONFIG, 9, "rf1");
    for (int s = 6; s < 12; s++) {
      losses[s] = engine.step();
      assertEquals(losses[s], resumed.step(), 1e-4 * losses[s], "a continued stage trains as the straight one, step " + s);
    }
    double first = (losses[0] + losses[1] + losses[2]) / 3;
    double last = (losses[9] + losses[10] + losses[11]) / 3;
    assertTrue(last < 0.8 * first, "the loss falls from " + first + " to below 80%, got " + last);
  }

  @Test
  void aUnetCheckpointSamplesThroughEulerAndDependsOnTime() {
    StepEngine engine = start();
    engine.step();
    VelocityField field = StepEngines.field(engine.checkpoint(), true);
    assertEquals(GraphField.class, field.getClass());
    int count = 150; // more than one block of rows
    float[] z0 = new float[count * 64];
    Rng.of(9, "unet", "noise", 0).fillGaussian(z0, 0, z0.length);
    SolveResult r = new Euler(3).solve(field, new Points(count, 64, z0), false);
    assertEquals(3, r.evaluations());
    for (float v : r.points().values()) {
      assertTrue(Float.isFinite(v));
    }
    float[] early = new float[count * 64];
    float[] late = new float[count * 64];
    field.evaluate(z0, count, 0.1, early);
    field.evaluate(z0, count, 0.9, late);
    assertNotEquals(early[0], late[0], "the time embedding reaches the output");
    float[] lastBlockAlone = new float[22 * 64];
    field.evaluate(java.util.Arrays.copyOfRange(z0, 128 * 64, count * 64), 22, 0.1, lastBlockAlone);
    assertArrayEquals(java.util.Arrays.copyOfRange(early, 128 * 64, count * 64), lastBlockAlone, 1e-5f,
        "a point's velocity does not depend on the block it is evaluated in");
  }

  private static StepEngine start() {
    return StepEngines.start(SPEC, Optional.empty(), Rng.of(9, "rf1", "init", 0), EnginesAgreeTest.pairs(64), CONFIG,
        9, "rf1");
  }
}
