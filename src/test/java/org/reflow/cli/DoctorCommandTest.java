package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code reflow doctor} names the backend, devices, BLAS and its kernel, threads, Java and the CPU. */
class DoctorCommandTest {

  @Test
  void doctorPrintsBackendDevicesBlasKernelThreadsJavaAndCpu() throws Exception {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : Cli.expect(0, "doctor").split("\n")) {
      int colon = line.indexOf(": ");
      lines.put(line.substring(0, colon), line.substring(colon + 2));
    }
    assertEquals(List.of("java", "cpu", "nd4j backend", "devices", "blas", "blas kernel", "threads", "engine auto"),
        List.copyOf(lines.keySet()));
    assertTrue(lines.get("java").contains(System.getProperty("java.version")), lines.get("java"));
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    assertEquals(cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores available", lines.get("cpu"));
    assertTrue(lines.get("nd4j backend").startsWith("CpuBackend (CPU)"), lines.get("nd4j backend"));
    assertTrue(lines.get("devices").startsWith("none: ND4J's CPU backend"), lines.get("devices"));
    assertEquals("openblas", lines.get("blas"));
    assertFalse(lines.get("blas kernel").startsWith("unknown"), "OpenBLAS names its kernel: " + lines.get("blas kernel"));
    assertTrue(lines.get("blas kernel").endsWith("(OPENBLAS_CORETYPE=" + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset") + ")"));
    // the build runs tests with OMP_NUM_THREADS=2, and ND4J sizes its pool from it
    assertEquals("OMP_NUM_THREADS=2, nd4j 2 (master 2)", lines.get("threads"));
    assertEquals("mlp → cpu, unet → nd4j", lines.get("engine auto"));
  }
}
