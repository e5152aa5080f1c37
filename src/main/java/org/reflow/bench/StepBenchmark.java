package org.reflow.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reflow.flow.FlowTrainer;
import org.reflow.flow.MlpField;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.PairBatches;
import org.reflow.flow.StepProducts;
import org.reflow.flow.TrainingConfig;
import org.reflow.flow.VelocityMlp;
import org.reflow.flow.solve.Euler;
import org.reflow.data.Points;
import org.reflow.rand.Rng;

/**
 * Times one model's training step and Euler sampling against the matrix products the step is
 * made of, in the same process: the products alone are the practical roofline.
 */
final class StepBenchmark {

  /** A benchmark case: architecture, batch, and how long to measure. */
  record Case(String name, ModelSpec spec, int batch, int warmup, int repeats, int sampleCount, int eulerSteps) {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private StepBenchmark() {}

  static Map<String, Object> run(Case c) {
    VelocityMlp model = VelocityMlp.initialize(c.spec(), Rng.of(0, "bench", "init", 0));
    FlowTrainer trainer = FlowTrainer.start(
        model, cycledPairs(c.spec().dim(), c.batch()), TrainingConfig.paperToy(Long.MAX_VALUE).withBatch(c.batch()), 0, "bench");
    for (int i = 0; i < c.warmup(); i++) {
      trainer.step();
    }
    double[] millis = new double[c.repeats()];
    long allocatedBefore = allocatedBytes();
    for (int i = 0; i < c.repeats(); i++) {
      long t0 = System.nanoTime();
      trainer.step();
      millis[i] = (System.nanoTime() - t0) / 1e6;
    }
    long allocatedPerStep = (allocatedBytes() - allocatedBefore) / c.repeats();
    double stepMs = median(millis);
    double flops = stepFlops(c.spec(), c.batch());
    double rooflineMs = median(StepProducts.time(c.spec(), c.batch(), c.warmup(), c.repeats()));

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", c.spec().describe());
    out.put("batch", c.batch());
    out.put("parameters", model.parameters().size());
    out.put("train_step_ms_median", round(stepMs));
    out.put("train_step_ms_p10_p90", List.of(round(percentile(millis, 10)), round(percentile(millis, 90))));
    out.put("train_step_gflops", round(flops / stepMs / 1e6));
    out.put("matmul_roofline_ms_median", round(rooflineMs));
    out.put("matmul_roofline_gflops", round(flops / rooflineMs / 1e6));
    out.put("fraction_of_roofline", round(rooflineMs / stepMs));
    out.put("heap_bytes_allocated_per_step", allocatedPerStep);
    out.put("euler", euler(c, model));
    return out;
  }

  /** FLOPs of one step: forward 2·B·Σ fanIn·fanOut, weight gradients the same, input gradients all but layer 0. */
  static double stepFlops(ModelSpec spec, int batch) {
    double macs = spec.multiplyAddsPerSample();
    double firstLayer = (double) spec.fanIn(0) * spec.fanOut(0);
    return 2.0 * batch * (3 * macs - firstLayer);
  }

  private static Map<String, Object> euler(Case c, VelocityMlp model) {
    MlpField field = model.field();
    Points z0 = new Points(c.sampleCount(), c.spec().dim(), new float[c.sampleCount() * c.spec().dim()]);
    Rng.of(0, "bench", "euler", 0).fillGaussian(z0.values(), 0, z0.values().length);
    Euler euler = new Euler(c.eulerSteps());
    euler.solve(field, z0, false);
    double[] seconds = new double[3];
    for (int i = 0; i < seconds.length; i++) {
      long t0 = System.nanoTime();
      euler.solve(field, z0, false);
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    double s = median(seconds);
    double evaluations = (double) c.sampleCount() * c.eulerSteps();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samples", c.sampleCount());
    out.put("steps", c.eulerSteps());
    out.put("seconds_median", round(s));
    out.put("sample_steps_per_second", Math.round(evaluations / s));
    out.put("gflops", round(2.0 * evaluations * c.spec().multiplyAddsPerSample() / s / 1e9));
    return out;
  }

  /** Pairs cycled from 8 fixed batches: the benchmark times the step, not data generation. */
  static PairBatches cycledPairs(int dim, int batch) {
    float[][] z0 = new float[8][batch * dim];
    float[][] z1 = new float[8][batch * dim];
    for (int b = 0; b < 8; b++) {
      Rng rng = Rng.of(0, "bench", "pairs", b);
      rng.fillGaussian(z0[b], 0, z0[b].length);
      rng.fillGaussian(z1[b], 0, z1[b].length);
    }
    return new PairBatches() {
      @Override
      public int dim() {
        return dim;
      }

      @Override
      public void fill(long index, float[] a, float[] b, int count) {
        int k = (int) (index & 7);
        System.arraycopy(z0[k], 0, a, 0, count * dim);
        System.arraycopy(z1[k], 0, b, 0, count * dim);
      }
    };
  }

  private static long allocatedBytes() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  static double median(double[] values) {
    return percentile(values, 50);
  }

  static double percentile(double[] values, double p) {
    double[] s = values.clone();
    Arrays.sort(s);
    double rank = p / 100 * (s.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return s[lo] + (s[hi] - s[lo]) * (rank - lo);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
