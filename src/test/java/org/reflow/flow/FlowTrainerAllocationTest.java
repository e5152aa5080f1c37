package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.data.Pool;
import org.reflow.data.Toys;
import org.reflow.rand.Rng;

/**
 * A training step in steady state allocates nothing on the Java heap: every buffer is created
 * with the trainer. Counted by the JVM's per-thread allocation counter over many steps, so one
 * stray allocation per step (even 16 bytes) shows.
 */
class FlowTrainerAllocationTest {

  @Test
  void steadyStateTrainingStepsAllocateNoHeapMemory() {
    var pi0 = Pool.draw(Toys.threeGaussiansSource(), Rng.of(1, "data", "pi0", 0), 10_000);
    var pi1 = Pool.draw(Toys.threeGaussiansTarget(), Rng.of(1, "data", "pi1", 0), 10_000);
    TrainingConfig config = new TrainingConfig(
        1000, 256, AdamConfig.withLearningRate(5e-3), new Loss.Squared(), new TimeSampling.UShaped(4), 1.0, 0.999);
    FlowTrainer trainer = FlowTrainer.start(
        VelocityMlp.initialize(ModelSpec.paperToy(2), Rng.of(1, "rf1", "init", 0)),
        new IndependentCoupling(pi0, pi1, 1, "rf1"), config, 1, "rf1");
    for (int i = 0; i < 300; i++) {
      trainer.step(); // warm-up: class loading and JIT compilation allocate
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int steps = 500;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < steps; i++) {
      trainer.step();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(allocated < 16L * steps, allocated + " bytes allocated over " + steps + " steps");
  }
}
