package org.reflow.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reflow.rand.Rng;

/**
 * A velocity model as a SameDiff graph of ND4J's own ops, so it runs on whichever backend is
 * loaded (CPU, CUDA): placeholders {@code x} [n, dim] (positions) and {@code temb} [n, time width]
 * (the time features, encoded as {@link TimeEncoding} writes them), output {@code v} [n, dim], and
 * the batch loss {@code loss} against the placeholder {@code target}. Parameters carry the names and
 * shapes a checkpoint stores them under; gradients come from SameDiff's automatic differentiation.
 */
final class GraphModel {

  /** How one parameter starts: uniform on ±1/√fanIn (PyTorch's layer default), or a constant. */
  record Init(int fanIn, float constant) {}

  private final ModelSpec spec;
  private final SameDiff sd;
  private final DataType type;
  private final Map<String, SDVariable> parameters = new LinkedHashMap<>();
  private final Map<String, Init> inits = new LinkedHashMap<>();
  private final List<String> graphNames = new ArrayList<>();

  private GraphModel(ModelSpec spec, DataType type) {
    this.spec = spec;
    this.type = type;
    this.sd = SameDiff.create();
  }

  /** The spec's model (MLP or U-Net) with its loss, in {@code type} (FLOAT to train, DOUBLE to check gradients). */
  static GraphModel build(ModelSpec spec, Loss loss, DataType type) {
    SameDiffOutput.quiet();
    GraphModel g = new GraphModel(spec, type);
    SDVariable x = g.sd.placeHolder("x", type, -1, spec.dim());
    SDVariable temb = g.sd.placeHolder("temb", type, -1, spec.time().width());
    SDVariable v = spec.unet().isPresent() ? UnetGraph.velocity(g, x, temb) : MlpGraph.velocity(g, x, temb);
    v = g.sd.identity("v", v);
    SDVariable target = g.sd.placeHolder("target", type, -1, spec.dim());
    SDVariable d = v.sub(target);
    SDVariable rowSquares = d.mul(d).sum(1); // ‖d‖² per sample
    if (loss instanceof Loss.PseudoHuber h) { // √(‖d‖² + c²) − c, mean over the batch
      g.sd.math().sqrt(rowSquares.add(h.c() * h.c())).sub(h.c()).mean().rename("loss");
    } else { // ‖d‖², mean over the batch (Liu et al. 2022, Eq. 1)
      rowSquares.mean().rename("loss");
    }
    return g;
  }

  /** Shapes of the spec's parameters by checkpoint name, in the order a checkpoint stores them. */
  static Map<String, int[]> shapes(ModelSpec spec) {
    GraphModel g = build(spec, new Loss.Squared(), DataType.FLOAT);
    Map<String, int[]> out = new LinkedHashMap<>();
    g.parameters.forEach((name, p) -> out.put(name, toInt(p.getArr().shape())));
    return out;
  }

  /**
   * Fresh parameters by their {@link Init}, drawn in checkpoint order: for the MLP the very draws
   * of {@link VelocityMlp#initialize}, so both engines start from the same weights.
   */
  static Map<String, float[]> initialWeights(ModelSpec spec, Rng rng) {
    GraphModel g = build(spec, new Loss.Squared(), DataType.FLOAT);
    Map<String, float[]> out = new LinkedHashMap<>();
    g.parameters.forEach((name, p) -> {
      float[] values = new float[(int) p.getArr().length()];
      Init init = g.inits.get(name);
      float bound = init.fanIn() > 0 ? (float) (1.0 / Math.sqrt(init.fanIn())) : 0f;
      for (int i = 0; i < values.length; i++) {
        values[i] = init.fanIn() > 0 ? (float) ((2 * rng.nextDouble() - 1) * bound) : init.constant();
      }
      out.put(name, values);
    });
    return out;
  }

  /** Declares a parameter (a graph variable) under its checkpoint name. */
  SDVariable parameter(String name, Init init, long... shape) {
    String graphName = name.replace('.', '_');
    SDVariable p = sd.var(graphName, Nd4j.zeros(type, shape));
    parameters.put(name, p);
    inits.put(name, init);
    graphNames.add(graphName);
    return p;
  }

  SameDiff graph() {
    return sd;
  }

  ModelSpec spec() {
    return spec;
  }

  DataType type() {
    return type;
  }

  List<String> names() {
    return List.copyOf(parameters.keySet());
  }

  /** The live array of a parameter: updates to it change the model. */
  INDArray array(String name) {
    return parameters.get(name).getArr();
  }

  void load(Map<String, float[]> values) {
    parameters.forEach((name, p) -> {
      float[] source = values.get(name);
      INDArray target = p.getArr();
      if (source == null || source.length != target.length()) {
        throw new IllegalArgumentException("tensor '" + name + "' is missing or has "
            + (source == null ? 0 : source.length) + " values instead of " + target.length());
      }
      target.assign(Nd4j.create(source, target.shape(), 'c').castTo(type));
    });
  }

  Map<String, float[]> toArrays() {
    Map<String, float[]> out = new LinkedHashMap<>();
    parameters.forEach((name, p) -> out.put(name, floats(p.getArr())));
    return out;
  }

  /** The batch loss and its gradient with respect to every parameter (by checkpoint name). */
  Map<String, INDArray> lossAndGradients(INDArray x, INDArray temb, INDArray target, double[] loss) {
    OutAndGrad r = sd.calculateGradientsAndOutputs(
        Map.of("x", x, "temb", temb, "target", target), List.of("loss"), graphNames);
    loss[0] = r.getOutputs().get("loss").getDouble(0);
    Map<String, INDArray> out = new LinkedHashMap<>();
    int i = 0;
    for (String name : parameters.keySet()) {
      out.put(name, r.getGradients().get(graphNames.get(i++)));
    }
    return out;
  }

  /** The batch loss alone: the forward pass, no gradients. */
  double loss(INDArray x, INDArray temb, INDArray target) {
    return sd.output(Map.of("x", x, "temb", temb, "target", target), "loss").get("loss").getDouble(0);
  }

  /** v(x, t) for the rows of x with time features temb. */
  INDArray velocity(INDArray x, INDArray temb) {
    return sd.output(Map.of("x", x, "temb", temb), "v").get("v");
  }

  static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').reshape(a.length()).toFloatVector();
  }

  private static int[] toInt(long[] shape) {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = (int) shape[i];
    }
    return out;
  }
}
