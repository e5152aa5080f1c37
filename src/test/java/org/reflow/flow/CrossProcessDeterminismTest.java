package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;

/**
 * The paper's toy trained for 200 Adam steps in a separate JVM writes the same checkpoint bytes
 * as in this one: no hidden per-process state (ND4J's own generators, hash orders, thread
 * timing) reaches the numbers. Both run with the same OMP_NUM_THREADS.
 */
class CrossProcessDeterminismTest {

  @TempDir Path dir;

  @Test
  void aChildJvmTrainsToByteIdenticalCheckpoints() throws IOException, InterruptedException {
    String here = TrainInChildProcess.train(11, 200, dir.resolve("here.npz"));
    String omp = System.getenv("OMP_NUM_THREADS");
    try (ChildProcess child = ChildProcess.java(TrainInChildProcess.class,
        List.of("11", "200", dir.resolve("child.npz").toString()), false,
        omp == null ? Map.of() : Map.of("OMP_NUM_THREADS", omp))) {
      String out = child.awaitExit(0, Duration.ofMinutes(5)).trim();
      assertEquals(here, out.substring(out.lastIndexOf('\n') + 1));
    }
  }
}
