package org.reflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.reflow.flow.Activation;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.UnetSpec;

/** The facts behind {@code reflow doctor}: what this process computes with, as name → value. */
public final class Doctor {

  private Doctor() {}

  /** Java, CPU, ND4J backend and devices, BLAS and its kernel, threads, and the engine per model. */
  public static Map<String, String> report() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
        + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")");
    out.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available");
    Environment env = Nd4j.getEnvironment();
    Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
    out.put("nd4j backend", Nd4j.getBackend().getClass().getSimpleName() + (env.isCPU() ? " (CPU)" : " (GPU)")
        + ", data type " + Nd4j.dataType().toString().toLowerCase());
    out.put("devices", devices(env, info));
    out.put("blas", String.valueOf(info.getOrDefault("blas.vendor", "unknown")).toLowerCase());
    out.put("blas kernel", blasKernel() + " (OPENBLAS_CORETYPE=" + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset") + ")");
    out.put("threads", "OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")
        + ", nd4j " + env.maxThreads() + " (master " + env.maxMasterThreads() + ")");
    ModelSpec mlp = new ModelSpec(784, List.of(1024, 1024, 1024), Activation.SILU, new TimeEncoding.Sinusoidal(16, 1000));
    ModelSpec unet = ModelSpec.unet(784, new UnetSpec(32, List.of(1, 2, 2), 8), new TimeEncoding.Sinusoidal(16, 1000));
    out.put("engine auto", "mlp → " + mlp.resolvedEngine() + ", unet → " + unet.resolvedEngine());
    return out;
  }

  /**
   * The kernel OpenBLAS picks on this CPU at this OPENBLAS_CORETYPE: the JavaCPP preset does not
   * bind {@code openblas_get_corename}, so a child JVM loads the library with OPENBLAS_VERBOSE=2,
   * which makes OpenBLAS print "Core: NAME" as it starts.
   */
  static String blasKernel() {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BlasKernelProbe.class.getName()).redirectErrorStream(true);
    pb.environment().put("OPENBLAS_VERBOSE", "2");
    try {
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor();
      return output.lines().filter(l -> l.startsWith("Core: ")).map(l -> l.substring("Core: ".length()).trim())
          .findFirst().orElse("unknown (OpenBLAS did not say: it may be built for one CPU only)");
    } catch (IOException e) {
      return "unknown (cannot start a JVM to ask OpenBLAS: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted)";
    }
  }

  private static String devices(Environment env, Properties info) {
    if (env.isCPU()) {
      return "none: ND4J's CPU backend (a GPU needs the -Pcuda build, see ops/gpu-check)";
    }
    Object list = info.get("cuda.devicesInformation");
    if (list instanceof List<?> devices) {
      return devices.stream().map(String::valueOf).collect(Collectors.joining("; "));
    }
    return info.getOrDefault("cuda.availableDevices", "unknown") + " CUDA device(s)";
  }

  static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.exists(cpuinfo)) {
      return "unknown";
    }
    try {
      return Files.readAllLines(cpuinfo).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + cpuinfo + ": " + e.getMessage(), e);
    }
  }
}
