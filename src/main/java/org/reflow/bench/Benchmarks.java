package org.reflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reflow.flow.Activation;
import org.reflow.flow.Engine;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.OpProfile;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.UnetSpec;

/** The benchmark suite behind {@code reflow bench}: cases, child JVMs per thread count, the JSON. */
public final class Benchmarks {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Benchmarks() {}

  /** The paper's toy and a 784-dimensional model, as the issue that asked for this defines them. */
  static List<StepBenchmark.Case> cases(boolean quick) {
    ModelSpec large = new ModelSpec(784, List.of(1024, 1024), Activation.TANH, new TimeEncoding.Raw());
    return List.of(
        new StepBenchmark.Case("toy", ModelSpec.paperToy(2), 2048, quick ? 5 : 100, quick ? 10 : 300, 10_000, 100),
        new StepBenchmark.Case("large", large, 256, quick ? 2 : 10, quick ? 3 : 30, 1024, quick ? 2 : 10));
  }

  /**
   * The orchestration section: a rectify stage through the actors against the bare loop, in this
   * JVM (at its OMP_NUM_THREADS), as JSON.
   */
  public static String measureOrchestration(boolean quick) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("machine", machine());
    out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    System.err.println("bench: orchestration (a rectify stage through the actors vs the bare loop) ...");
    out.put("orchestration", quick ? OrchestrationBenchmark.run(200, 100, 1) : OrchestrationBenchmark.run(5000, 1000, 3));
    System.err.println("bench: pair generation (the Simulator vs the bare engine) ...");
    out.put("pair_generation", OrchestrationBenchmark.pairGeneration(quick ? 4096 : 10_000, quick ? 1 : 3));
    return JSON.writeValueAsString(out);
  }

  /**
   * The lineage section: lookups in a home of {@code runs} synthetic runs — {@code home}, created on
   * first use and reused after, or a new temporary one — as JSON.
   */
  public static String measureLineage(Path home, int runs, boolean quick, String mainClass) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("machine", machine());
    System.err.println("bench: lineage in a home of " + runs + " runs ...");
    out.put("lineage", LineageBenchmark.run(home != null ? home : LineageBenchmark.temporaryHome(), runs, quick ? 1 : 5, mainClass));
    return JSON.writeValueAsString(out);
  }

  /**
   * The cluster section: pair-stream throughput across two nodes against inside one JVM, then two
   * independent branches on one worker node against two (real processes on loopback, one thread each), as JSON.
   */
  public static String measureCluster(boolean quick, String mainClass) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("machine", machine());
    Path dir = Files.createTempDirectory("reflow-bench-cluster-");
    System.err.println("bench --cluster: pair streams inside one JVM and across two nodes ...");
    out.put("pair_streams", PairStreamBenchmark.run(quick));
    out.put("cluster", new ClusterBenchmark(mainClass, dir).measure(quick ? 1 : 3, quick ? 300 : 5000));
    return JSON.writeValueAsString(out);
  }

  /** The models {@code --model} can name beyond the default pair: image-sized, on either engine. */
  public static final List<String> MODELS = List.of("toy", "large", "image-mlp", "image-mlp-nd4j", "unet");

  /** The image-sized MLP of issue 12: 784 → 1024×3 → 784, SiLU, sinusoidal time. */
  static ModelSpec imageMlp() {
    return new ModelSpec(784, List.of(1024, 1024, 1024), Activation.SILU, new TimeEncoding.Sinusoidal(16, 1000));
  }

  /** The U-Net of issue 12: 28×28, 32 channels, mult [1, 2, 2], 8 groups, sinusoidal time. */
  static ModelSpec unet() {
    return ModelSpec.unet(784, new UnetSpec(32, List.of(1, 2, 2), 8), new TimeEncoding.Sinusoidal(16, 1000));
  }

  /**
   * Runs the named cases (toy and large when none) in this JVM, at whatever thread count it was
   * started with; image models at {@code imageBatch}.
   */
  public static String measureHere(boolean quick, List<String> models, int imageBatch) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    List<String> names = models.isEmpty() ? List.of("toy", "large") : models;
    int warmup = quick ? 1 : 2;
    int repeats = quick ? 2 : 5;
    for (String name : names) {
      System.err.println("bench: " + name + " at OMP_NUM_THREADS=" + out.get("omp_num_threads") + " ...");
      switch (name) {
        case "toy", "large" -> out.put(name, StepBenchmark.run(cases(quick).stream()
            .filter(c -> c.name().equals(name)).findFirst().orElseThrow()));
        case "image-mlp" -> out.put(name, EngineBenchmark.run(imageMlp().withEngine(Engine.CPU), imageBatch, warmup, repeats));
        case "image-mlp-nd4j" -> out.put(name, EngineBenchmark.run(imageMlp().withEngine(Engine.ND4J), imageBatch, warmup,
            repeats));
        case "unet" -> {
          Map<String, Object> unet = EngineBenchmark.run(unet(), imageBatch, warmup, repeats);
          unet.put("conv3x3_alone", List.of(
              EngineBenchmark.conv(imageBatch, 32, 32, 28, warmup, repeats),
              EngineBenchmark.conv(imageBatch, 64, 64, 14, warmup, repeats),
              EngineBenchmark.conv(imageBatch, 64, 64, 7, warmup, repeats)));
          out.put(name, unet);
        }
        default -> throw new IllegalArgumentException("no benchmark model '" + name + "': use one of " + MODELS);
      }
    }
    return JSON.writeValueAsString(out);
  }

  /**
   * One U-Net train step (forward, backward, Adam) of {@link #unet()} at {@code batch}, in this JVM,
   * split by kind of op ({@link OpProfile}): a table of ms per step and share of the step.
   */
  public static String profileOps(int batch, boolean quick) {
    String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
    System.err.println("bench --profile-ops: unet at batch " + batch + ", OMP_NUM_THREADS=" + threads + " ...");
    return opTable(OpProfile.measure(unet(), batch, quick ? 1 : 2, quick ? 2 : 5),
        "unet train step, batch " + batch + ", OMP_NUM_THREADS=" + threads);
  }

  /** {@link OpProfile#measure}'s groups as rows of ms and share, then the step. */
  static String opTable(Map<String, Double> profile, String title) {
    double step = profile.get("step");
    StringBuilder out = new StringBuilder(title).append(String.format(", %.0f ops a step%n", profile.get("ops")));
    out.append(String.format("%-28s %10s %7s%n", "op group", "ms/step", "share"));
    for (String group : OpProfile.GROUPS) {
      double ms = profile.get(group);
      out.append(String.format("%-28s %10.1f %6.1f%%%n", group, ms, 100 * ms / step));
    }
    return out.append(String.format("%-28s %10.1f %6.1f%%%n", "step", step, 100.0)).toString();
  }

  /**
   * Runs {@link #measureHere} in one child JVM per thread count — {@code mainClass bench --worker}
   * on this JVM's class path — and gathers their JSON.
   */
  public static String measureInChildren(String mainClass, List<Integer> threadCounts, boolean quick,
      List<String> models, int imageBatch) throws IOException, InterruptedException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("machine", machine());
    List<Object> runs = new ArrayList<>();
    for (int threads : threadCounts) {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          mainClass, "bench", "--worker"));
      if (quick) {
        command.add("--quick");
      }
      if (!models.isEmpty()) {
        command.addAll(List.of("--model", String.join(",", models), "--batch", Integer.toString(imageBatch)));
      }
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
      Process p = pb.start();
      String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("benchmark worker at " + threads + " threads failed (exit "
            + p.exitValue() + "); its error output is above");
      }
      runs.add(JSON.readValue(json, Map.class));
    }
    out.put("runs", runs);
    return JSON.writeValueAsString(out);
  }

  private static Map<String, Object> machine() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", cpuModel());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("OPENBLAS_CORETYPE", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
    m.put("OPENBLAS_L2_SIZE", System.getenv().getOrDefault("OPENBLAS_L2_SIZE", "unset"));
    return m;
  }

  private static String cpuModel() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.exists(cpuinfo)) {
      return "unknown";
    }
    return Files.readAllLines(cpuinfo).stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst().orElse("unknown");
  }
}
