package org.reflow.flow;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The {@link VelocityMlp} as ND4J ops: the same layers, parameter names and shapes
 * ({@code layer<l>.weight} [fanIn, fanOut], {@code layer<l>.bias} [1, fanOut]), input [x, enc(t)].
 */
final class MlpGraph {

  private MlpGraph() {}

  static SDVariable velocity(GraphModel g, SDVariable x, SDVariable temb) {
    ModelSpec spec = g.spec();
    SDVariable h = g.graph().concat(1, x, temb);
    for (int l = 0; l < spec.layers(); l++) {
      GraphModel.Init init = new GraphModel.Init(spec.fanIn(l), 0f);
      SDVariable w = g.parameter("layer" + l + ".weight", init, spec.fanIn(l), spec.fanOut(l));
      SDVariable b = g.parameter("layer" + l + ".bias", init, 1, spec.fanOut(l));
      h = h.mmul(w).add(b); // z_l = a_{l−1} W_l + b_l
      if (l < spec.layers() - 1) {
        h = activate(g, spec.activation(), h);
      }
    }
    return h;
  }

  private static SDVariable activate(GraphModel g, Activation activation, SDVariable z) {
    return switch (activation) {
      case TANH -> g.graph().nn().tanh(z);
      case RELU -> g.graph().nn().relu(z, 0);
      case SILU -> g.graph().nn().swish(z); // z·σ(z)
    };
  }
}
