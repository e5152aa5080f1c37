package org.reflow.work;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.data.Toys;
import org.reflow.experiment.Event;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.FlowTrainer;
import org.reflow.flow.TrainingCheckpoint;
import org.reflow.flow.VelocityMlp;
import org.reflow.rand.Rng;
import org.reflow.store.ArtifactStore;

/** Small trained checkpoints in a test's artifact store: the teachers and students the work tests start from. */
final class TeacherCheckpoints {

  static final ModelSpecFields MODEL = new ModelSpecFields(2, List.of(16, 16), "tanh", "raw");

  /** A checkpoint in the store, and the event a Trainer would have reported for it. */
  record Stored(TrainingCheckpoint checkpoint, Event.CheckpointSaved saved) {}

  private TeacherCheckpoints() {}

  /** {@code steps} engine steps of gaussian → moons (independent pairs), stored in {@code home}'s store. */
  static Stored train(Path home, String stage, long seed, int steps) {
    var training = new TrainingConfigFields(steps, 64, 5e-3, 0.9, 0.999, 1e-8, "squared", "uniform", 0, 0);
    FlowTrainer bare = FlowTrainer.start(VelocityMlp.initialize(MODEL.toSpec(), Rng.of(seed, stage, "init", 0)),
        new IndependentCoupling(Toys.byName("gaussian"), Toys.byName("moons"), seed, stage), training.toConfig(),
        seed, stage);
    double loss = Double.NaN;
    for (int step = 0; step < steps; step++) {
      loss = bare.step();
    }
    TrainingCheckpoint checkpoint = bare.checkpoint();
    Map<String, Object> facts = TrainingSession.checkpointFacts(stage, seed, loss);
    String sha = ArtifactStore.open(home).put(file -> CheckpointFile.write(file, checkpoint, facts));
    return new Stored(checkpoint, new Event.CheckpointSaved(TrainingSession.checkpointId(sha), stage, checkpoint.step(),
        sha, Optional.empty(), Optional.empty(), loss, java.util.List.of(loss)));
  }
}
