package org.reflow.flow;

import org.reflow.rand.Rng;

/**
 * The velocity network v(x, t) of a rectified flow: a multilayer perceptron on [x, enc(t)] with
 * a linear output. Forward and backward passes are written by hand — matrix products straight
 * into preallocated buffers, bias, activation and its derivative fused into single loops — since
 * a generic graph of the same model is several times slower at the toy's sizes.
 */
public final class VelocityMlp {

  private final ModelSpec spec;
  private final ParameterSet parameters;

  private VelocityMlp(ModelSpec spec, ParameterSet parameters) {
    this.spec = spec;
    this.parameters = parameters;
  }

  /**
   * Fresh parameters as PyTorch's {@code nn.Linear} draws them: weights and biases uniform on
   * ±1/√fanIn, from a generator of the caller's choosing (never ND4J's global one).
   */
  public static VelocityMlp initialize(ModelSpec spec, Rng rng) {
    ParameterSet p = ParameterSet.zeros(spec);
    for (int l = 0; l < spec.layers(); l++) {
      float bound = (float) (1.0 / Math.sqrt(spec.fanIn(l)));
      fillUniform(p.weight(l), bound, rng);
      fillUniform(p.bias(l), bound, rng);
    }
    return new VelocityMlp(spec, p);
  }

  /** A model with all-zero parameters, to be loaded from a checkpoint. */
  public static VelocityMlp zeros(ModelSpec spec) {
    return new VelocityMlp(spec, ParameterSet.zeros(spec));
  }

  public ModelSpec spec() {
    return spec;
  }

  public ParameterSet parameters() {
    return parameters;
  }

  /** An independent copy with the same parameters (a warm start, or a frozen teacher). */
  public VelocityMlp copy() {
    VelocityMlp c = zeros(spec);
    c.parameters.copyFrom(parameters);
    return c;
  }

  /** This network as a velocity field for the solvers, evaluating in blocks of one fixed shape. */
  public MlpField field() {
    return new MlpField(this);
  }

  /** output ← v(input): the loaded rows of {@code b} through every layer. */
  void forward(MlpBuffers b) {
    Matrix in = b.input;
    int hidden = spec.hidden().size();
    for (int l = 0; l < hidden; l++) {
      fillRowsWithBias(b.pre[l], parameters.bias(l), b.biasHeap);
      Gemm.multiply(in, false, parameters.weight(l), false, b.pre[l], 1f); // z_l = a_{l−1} W_l + b_l
      b.pre[l].copyTo(b.preHeap[l]);
      spec.activation().apply(b.preHeap[l], b.actHeap[l], b.pre[l].size()); // a_l = f(z_l)
      b.act[l].copyFrom(b.actHeap[l]);
      in = b.act[l];
    }
    fillRowsWithBias(b.output, parameters.bias(hidden), b.biasHeap);
    Gemm.multiply(in, false, parameters.weight(hidden), false, b.output, 1f); // v = a_L W + b
    b.output.copyTo(b.outputHeap);
  }

  /** gradients ← dL/dθ, given dL/dv in {@code b.outputGradientHeap} and the forward pass in b. */
  void backward(MlpBuffers b, ParameterSet gradients) {
    b.outputGradient.copyFrom(b.outputGradientHeap);
    Matrix g = b.outputGradient;
    for (int l = spec.layers() - 1; l >= 0; l--) {
      Matrix in = l == 0 ? b.input : b.act[l - 1];
      Gemm.multiply(in, true, g, false, gradients.weight(l), 0f); // dL/dW_l = a_{l−1}ᵀ δ_l
      Gemm.multiply(b.ones, false, g, false, gradients.bias(l), 0f); // dL/db_l = 1ᵀ δ_l, the column sums
      if (l > 0) {
        Matrix up = b.hiddenGradient[l - 1];
        Gemm.multiply(g, false, parameters.weight(l), true, up, 0f); // dL/da_{l−1} = δ_l W_lᵀ
        up.copyTo(b.gradientHeap[l - 1]);
        spec.activation().backward(b.gradientHeap[l - 1], b.preHeap[l - 1], b.actHeap[l - 1], up.size());
        up.copyFrom(b.gradientHeap[l - 1]); // δ_{l−1} = dL/da_{l−1} ⊙ f'(z_{l−1})
        g = up;
      }
    }
  }

  /** Every row of m ← bias, so a product accumulated into m (beta 1) adds the bias for free. */
  private static void fillRowsWithBias(Matrix m, Matrix bias, float[] scratch) {
    int cols = m.cols();
    bias.copyTo(scratch);
    var out = m.buffer();
    for (int r = 0; r < m.rows(); r++) {
      out.put(r * cols, scratch, 0, cols);
    }
  }

  private static void fillUniform(Matrix m, float bound, Rng rng) {
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) ((2 * rng.nextDouble() - 1) * bound));
    }
  }
}
