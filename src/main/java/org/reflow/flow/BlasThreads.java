package org.reflow.flow;

import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads each matrix product may use. OpenBLAS starts as many as the machine has cores
 * for every product, whoever calls it; when a Trainer and an Evaluator multiply at the same time
 * on two cores, four threads then fight over two cores and OpenBLAS's idle threads spin (measured
 * on the main job, 2 cores: 34 s of system time and 3.7 million involuntary context switches
 * against 1.8 s and 45,000 with one thread each, and the same checkpoint bytes). So the cores are
 * shared out among the threads that may multiply at once, unless {@code OMP_NUM_THREADS} chose.
 */
public final class BlasThreads {

  private BlasThreads() {}

  /**
   * Gives each of {@code concurrentCallers} threads an equal share of this machine's cores (at
   * least one) for its products, and returns that share; when the environment sets
   * {@code OMP_NUM_THREADS}, leaves its choice and returns empty.
   */
  public static Optional<Integer> share(int concurrentCallers) {
    String chosen = System.getenv("OMP_NUM_THREADS");
    if (chosen != null && !chosen.isBlank()) {
      return Optional.empty();
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, concurrentCallers));
    Nd4j.factory().blas().setMaxThreads(threads);
    return Optional.of(threads);
  }
}
