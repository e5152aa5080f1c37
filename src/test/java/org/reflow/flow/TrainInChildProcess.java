package org.reflow.flow;

import java.nio.file.Path;
import java.util.Map;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.data.Pool;
import org.reflow.data.Toys;
import org.reflow.rand.Rng;

/** Entry point for {@link CrossProcessDeterminismTest}: trains and prints the checkpoint's SHA-256. */
public final class TrainInChildProcess {

  private TrainInChildProcess() {}

  /** Args: seed, steps, output file. */
  public static void main(String[] args) {
    System.out.println(train(Long.parseLong(args[0]), Integer.parseInt(args[1]), Path.of(args[2])));
  }

  static String train(long seed, int steps, Path file) {
    var pi0 = Pool.draw(Toys.threeGaussiansSource(), Rng.of(seed, "data", "pi0", 0), 10_000);
    var pi1 = Pool.draw(Toys.threeGaussiansTarget(), Rng.of(seed, "data", "pi1", 0), 10_000);
    FlowTrainer trainer = FlowTrainer.start(
        VelocityMlp.initialize(ModelSpec.paperToy(2), Rng.of(seed, "rf1", "init", 0)),
        new IndependentCoupling(pi0, pi1, seed, "rf1"), TrainingConfig.paperToy(steps), seed, "rf1");
    while (trainer.completedSteps() < steps) {
      trainer.step();
    }
    return CheckpointFile.write(file, trainer.checkpoint(), Map.of("stage", "rf1"));
  }
}
