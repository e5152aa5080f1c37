package org.reflow.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.StepEngine;
import org.reflow.flow.StepEngines;
import org.reflow.flow.TrainingConfig;
import org.reflow.flow.solve.VelocityField;
import org.reflow.rand.Rng;

/**
 * Times a model's training step on the engine its spec names (the ND4J-op path for the U-Net and
 * {@code mlp-nd4j}), its forward pass alone, and — to say which op costs what — one 3×3
 * convolution of each U-Net level alone, forward and forward + backward.
 */
final class EngineBenchmark {

  private EngineBenchmark() {}

  static Map<String, Object> run(ModelSpec spec, int batch, int warmup, int repeats) {
    TrainingConfig config = TrainingConfig.paperToy(Long.MAX_VALUE).withBatch(batch);
    StepEngine engine = StepEngines.start(spec, Optional.empty(), Rng.of(0, "bench", "init", 0),
        StepBenchmark.cycledPairs(spec.dim(), batch), config, 0, "bench");
    double[] step = new double[repeats];
    for (int i = 0; i < warmup + repeats; i++) {
      long t0 = System.nanoTime();
      engine.step();
      if (i >= warmup) {
        step[i - warmup] = (System.nanoTime() - t0) / 1e6;
      }
    }
    VelocityField field = StepEngines.field(engine.checkpoint(), false);
    float[] z = new float[batch * spec.dim()];
    float[] v = new float[z.length];
    Rng.of(0, "bench", "forward", 0).fillGaussian(z, 0, z.length);
    double[] forward = new double[repeats];
    for (int i = 0; i < warmup + repeats; i++) {
      long t0 = System.nanoTime();
      field.evaluate(z, batch, 0.5, v);
      if (i >= warmup) {
        forward[i - warmup] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", spec.describe());
    out.put("engine", spec.resolvedEngine().toString());
    out.put("batch", batch);
    out.put("parameters", engine.checkpoint().parameters().values().stream().mapToLong(a -> a.length).sum());
    out.put("train_step_ms_median", StepBenchmark.round(StepBenchmark.median(step)));
    out.put("train_step_ms_p10_p90", List.of(StepBenchmark.round(StepBenchmark.percentile(step, 10)),
        StepBenchmark.round(StepBenchmark.percentile(step, 90))));
    out.put("forward_ms_median", StepBenchmark.round(StepBenchmark.median(forward)));
    return out;
  }

  /**
   * One 3×3 same-padded convolution of {@code in → out} channels on {@code side}×{@code side} maps,
   * alone: forward, and forward + backward (gradients of input, weights and bias), in ms.
   */
  static Map<String, Object> conv(int batch, int in, int out, int side, int warmup, int repeats) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, in, side, side);
    SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 3, 3, in, out).subi(0.5));
    SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, out));
    SDVariable y = sd.cnn().conv2d(x, w, b, Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1)
        .paddingMode(PaddingMode.SAME).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build());
    y.mean().rename("loss");
    Map<String, INDArray> feed = Map.of("x", Nd4j.rand(DataType.FLOAT, batch, in, side, side));
    double[] forward = new double[repeats];
    double[] both = new double[repeats];
    for (int i = 0; i < warmup + repeats; i++) {
      long t0 = System.nanoTime();
      sd.output(feed, "loss");
      long t1 = System.nanoTime();
      sd.calculateGradients(feed, "w", "b", "x");
      long t2 = System.nanoTime();
      if (i >= warmup) {
        forward[i - warmup] = (t1 - t0) / 1e6;
        both[i - warmup] = (t2 - t1) / 1e6;
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("shape", "batch " + batch + ", " + in + "→" + out + " channels, " + side + "x" + side);
    r.put("forward_ms_median", StepBenchmark.round(StepBenchmark.median(forward)));
    r.put("forward_backward_ms_median", StepBenchmark.round(StepBenchmark.median(both)));
    return r;
  }
}
