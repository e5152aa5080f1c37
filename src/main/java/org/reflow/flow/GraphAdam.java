package org.reflow.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link Adam}'s update — the same formula, clipping and EMA — as ND4J array ops on the graph's
 * own parameter arrays, so it runs on the backend that holds them (no copies to the Java heap).
 */
final class GraphAdam {

  private final AdamConfig config;
  private final GraphModel model;
  private final Map<String, INDArray> firstMoment = new LinkedHashMap<>();
  private final Map<String, INDArray> secondMoment = new LinkedHashMap<>();
  private long steps;

  GraphAdam(AdamConfig config, GraphModel model) {
    this.config = config;
    this.model = model;
    for (String name : model.names()) {
      firstMoment.put(name, model.array(name).ulike().assign(0));
      secondMoment.put(name, model.array(name).ulike().assign(0));
    }
  }

  void restore(Map<String, float[]> m, Map<String, float[]> v, long updates) {
    if (updates < 0) {
      throw new IllegalArgumentException("Adam step count must be >= 0, got " + updates);
    }
    fill(firstMoment, m, "Adam first moment");
    fill(secondMoment, v, "Adam second moment");
    this.steps = updates;
  }

  long steps() {
    return steps;
  }

  Map<String, float[]> firstMoment() {
    return copies(firstMoment);
  }

  Map<String, float[]> secondMoment() {
    return copies(secondMoment);
  }

  /** One update of every parameter from {@code gradients}, then the EMA when there is one. */
  void update(Map<String, INDArray> gradients, double clipNorm, Optional<Map<String, INDArray>> ema, double emaDecay) {
    steps++;
    double clip = 1;
    if (clipNorm > 0) {
      double squaredNorm = 0;
      for (INDArray g : gradients.values()) {
        double n = g.norm2Number().doubleValue();
        squaredNorm += n * n;
      }
      double norm = Math.sqrt(squaredNorm);
      clip = norm > clipNorm ? clipNorm / norm : 1; // g ← g·c/‖g‖
    }
    double beta1 = config.beta1();
    double beta2 = config.beta2();
    double stepSize = config.learningRate() / (1 - Math.pow(beta1, steps));
    double secondCorrection = Math.sqrt(1 - Math.pow(beta2, steps));
    for (String name : model.names()) {
      INDArray g = clip == 1 ? gradients.get(name) : gradients.get(name).mul(clip);
      INDArray m = firstMoment.get(name).muli(beta1).addi(g.mul(1 - beta1)); // m_t = β1 m + (1−β1) g
      INDArray v = secondMoment.get(name).muli(beta2).addi(g.mul(g).muli(1 - beta2)); // v_t = β2 v + (1−β2) g²
      INDArray denominator = Transforms.sqrt(v, true).divi(secondCorrection).addi(config.epsilon());
      INDArray theta = model.array(name);
      theta.subi(m.div(denominator).muli(stepSize)); // θ −= α̂ m / (√v̂ + ε)
      ema.ifPresent(e -> e.get(name).muli(emaDecay).addi(theta.mul(1 - emaDecay))); // θ̄ ← d·θ̄ + (1 − d)·θ
    }
  }

  private static Map<String, float[]> copies(Map<String, INDArray> tensors) {
    Map<String, float[]> out = new LinkedHashMap<>();
    tensors.forEach((name, a) -> out.put(name, GraphModel.floats(a)));
    return out;
  }

  private static void fill(Map<String, INDArray> tensors, Map<String, float[]> source, String what) {
    tensors.forEach((name, a) -> {
      float[] values = source.get(name);
      if (values == null || values.length != a.length()) {
        throw new IllegalArgumentException(what + " '" + name + "' is missing or has "
            + (values == null ? 0 : values.length) + " values instead of " + a.length());
      }
      a.assign(Nd4j.create(values, a.shape(), 'c').castTo(a.dataType()));
    });
  }
}
