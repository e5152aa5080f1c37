package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        TrainInChildProcess.class.getName(), "11", "200", dir.resolve("child.npz").toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    String omp = System.getenv("OMP_NUM_THREADS");
    if (omp != null) {
      pb.environment().put("OMP_NUM_THREADS", omp);
    }
    Process child = pb.start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, child.waitFor(), "child JVM failed");
    assertEquals(here, out.substring(out.lastIndexOf('\n') + 1));
  }
}
