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

  /** This network as a velocity field for the solvers, evaluating in chunks of at most 4,096. */
  public MlpField field() {
    return new MlpField(this, 4096);
  }

  /** output ← v(input): the loaded rows of {@code b} through every layer. */
  void forward(MlpBuffers b) {
    Matrix in = b.input;
    int hidden = spec.hidden().size();
    for (int l = 0; l < hidden; l++) {
      Gemm.multiply(in, false, parameters.weight(l), false, b.pre[l], 0f); // z_l = a_{l−1} W_l
      spec.activation().addBiasAndApply(
          b.pre[l].buffer(), parameters.bias(l).buffer(), b.act[l].buffer(), b.rows, b.pre[l].cols());
      in = b.act[l];
    }
    Gemm.multiply(in, false, parameters.weight(hidden), false, b.output, 0f); // v = a_L W + b
    addBias(b.output, parameters.bias(hidden));
  }

  /** gradients ← dL/dθ, given dL/dv in {@code b.outputGradient} and the forward pass in b. */
  void backward(MlpBuffers b, ParameterSet gradients) {
    Matrix g = b.outputGradient;
    for (int l = spec.layers() - 1; l >= 0; l--) {
      Matrix in = l == 0 ? b.input : b.act[l - 1];
      Gemm.multiply(in, true, g, false, gradients.weight(l), 0f); // dL/dW_l = a_{l−1}ᵀ δ_l
      sumColumns(g, gradients.bias(l)); // dL/db_l = Σ_rows δ_l
      if (l > 0) {
        Matrix up = b.hiddenGradient[l - 1];
        Gemm.multiply(g, false, parameters.weight(l), true, up, 0f); // dL/da_{l−1} = δ_l W_lᵀ
        spec.activation().backward(up.buffer(), b.pre[l - 1].buffer(), b.act[l - 1].buffer(), up.size());
        g = up; // δ_{l−1} = dL/da_{l−1} ⊙ f'(z_{l−1})
      }
    }
  }

  private static void addBias(Matrix m, Matrix bias) {
    var out = m.buffer();
    var b = bias.buffer();
    int cols = m.cols();
    for (int r = 0, i = 0; r < m.rows(); r++) {
      for (int c = 0; c < cols; c++, i++) {
        out.put(i, out.get(i) + b.get(c));
      }
    }
  }

  private static void sumColumns(Matrix m, Matrix into) {
    var in = m.buffer();
    var out = into.buffer();
    int cols = m.cols();
    for (int c = 0; c < cols; c++) {
      out.put(c, 0f);
    }
    for (int r = 0, i = 0; r < m.rows(); r++) {
      for (int c = 0; c < cols; c++, i++) {
        out.put(c, out.get(c) + in.get(i));
      }
    }
  }

  private static void fillUniform(Matrix m, float bound, Rng rng) {
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) ((2 * rng.nextDouble() - 1) * bound));
    }
  }
}
