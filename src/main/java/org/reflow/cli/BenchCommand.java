package org.reflow.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.reflow.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reflow bench}: the engine's speed as JSON, at each requested thread count. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Times the training step and Euler sampling of the paper's toy model (MLP 3-100-100-2, tanh,"
          + " batch 2048, Adam) and of a large one (784-dim data, hidden 1024x1024, batch 256),"
          + " beside the matrix products of the same shapes (the practical roofline).",
      "Each thread count runs in its own JVM with OMP_NUM_THREADS set, since ND4J reads it at load."
          + " Prints one JSON document on standard output; progress goes to standard error."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--threads", split = ",", paramLabel = "N[,N...]",
      description = "Thread counts to measure (default: 1 and all cores).")
  private List<Integer> threads;

  @Option(names = "--quick", description = "Fewer repetitions: a smoke test of the benchmark, not a measurement.")
  private boolean quick;

  @Option(names = "--orchestration",
      description = "Instead: time a rectify stage run through the actors (H2 journal, streamed pairs) against"
          + " the engine's bare loop, in this JVM.")
  private boolean orchestration;

  @Option(names = "--lineage",
      description = "Instead: time reflow lineage in a home of synthetic runs written through the Experiment actor"
          + " (upstream by RUN/STAGE and by checkpoint id, descendants), in this JVM and as the whole command.")
  private boolean lineage;

  @Option(names = "--cluster",
      description = "Instead: run an experiment of two independent branches on a coordinator with one worker node, then"
          + " two (real processes on loopback, one numeric thread each), and print the wall times and their ratio.")
  private boolean cluster;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "1000", description = "With --lineage: runs in the home (default 1000).")
  private int runs;

  @Option(names = "--lineage-home", paramLabel = "DIR",
      description = "With --lineage: the home to create or reuse (default: a new temporary one; its runs are named bench-NNNN).")
  private java.nio.file.Path lineageHome;

  @Option(names = "--model", split = ",", paramLabel = "NAME[,NAME...]",
      description = "Models to time instead of toy and large: toy, large, image-mlp (784-1024x3-784 SiLU, hand-written"
          + " CPU step), image-mlp-nd4j (the same MLP on ND4J's ops), unet (28x28, 32 channels, mult 1,2,2; ND4J's ops,"
          + " with one 3x3 convolution per level timed alone).")
  private List<String> models = List.of();

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
      description = "With --model: the batch of the image models (default 64).")
  private int batch;

  @Option(names = "--profile-ops",
      description = "With --model unet: instead, one train step (forward, backward, Adam) split by kind of op"
          + " (conv2d forward and backward, group norm, SiLU, matmul, pooling, elementwise, Adam, overhead),"
          + " as a table of ms per step, in this JVM at its OMP_NUM_THREADS.")
  private boolean profileOps;

  @Option(names = "--worker", hidden = true, description = "Internal: measure in this JVM and print its JSON.")
  private boolean worker;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (orchestration) {
      System.out.println(Benchmarks.measureOrchestration(quick));
      return 0;
    }
    if (cluster) {
      System.out.println(Benchmarks.measureCluster(quick, Main.class.getName()));
      return 0;
    }
    if (lineage) {
      System.out.println(Benchmarks.measureLineage(lineageHome, runs, quick, Main.class.getName()));
      return 0;
    }
    if (profileOps) {
      if (!models.equals(List.of("unet"))) {
        throw new ParameterException(spec.commandLine(),
            "--profile-ops profiles the U-Net only: use it with --model unet (got --model " + models + ")");
      }
      System.out.print(Benchmarks.profileOps(batch, quick));
      return 0;
    }
    if (worker) {
      System.out.println(Benchmarks.measureHere(quick, models, batch));
      return 0;
    }
    List<Integer> counts = threads != null ? threads
        : Runtime.getRuntime().availableProcessors() > 1
            ? List.of(1, Runtime.getRuntime().availableProcessors()) : List.of(1);
    System.out.println(Benchmarks.measureInChildren(Main.class.getName(), counts, quick, models, batch));
    return 0;
  }
}
