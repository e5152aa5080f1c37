package org.reflow.flow;

/**
 * The matrix products of one training step of a {@link VelocityMlp} — same shapes, same order —
 * with none of the step's other work: the practical roofline a benchmark compares the step to.
 */
public final class StepProducts {

  private StepProducts() {}

  /** Milliseconds of each of {@code repeats} timed runs of the step's products, after warm-up. */
  public static double[] time(ModelSpec spec, int batch, int warmup, int repeats) {
    VelocityMlp model = VelocityMlp.zeros(spec);
    MlpBuffers b = new MlpBuffers(spec, batch);
    ParameterSet gradients = ParameterSet.zeros(spec);
    for (int i = 0; i < warmup; i++) {
      products(model, b, gradients);
    }
    double[] millis = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      products(model, b, gradients);
      millis[i] = (System.nanoTime() - t0) / 1e6;
    }
    return millis;
  }

  private static void products(VelocityMlp model, MlpBuffers b, ParameterSet gradients) {
    ParameterSet p = model.parameters();
    int last = model.spec().layers() - 1;
    Matrix in = b.input;
    for (int l = 0; l < last; l++) {
      Gemm.multiply(in, false, p.weight(l), false, b.pre[l], 0f);
      in = b.act[l];
    }
    Gemm.multiply(in, false, p.weight(last), false, b.output, 0f);
    Matrix g = b.outputGradient;
    for (int l = last; l >= 0; l--) {
      Gemm.multiply(l == 0 ? b.input : b.act[l - 1], true, g, false, gradients.weight(l), 0f);
      if (l > 0) {
        Gemm.multiply(g, false, p.weight(l), true, b.hiddenGradient[l - 1], 0f);
        g = b.hiddenGradient[l - 1];
      }
    }
  }
}
