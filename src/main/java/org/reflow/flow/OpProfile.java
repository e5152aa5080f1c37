package org.reflow.flow;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.reflow.rand.Rng;

/**
 * Where one {@link GraphTrainer} step of a graph model spends its time, by kind of op: every op
 * SameDiff executes is timed by a listener and put in a group by its name (GroupNorm by its
 * {@link UnetGraph#GROUP_NORM_SCOPE} name scope, backward by its {@code _bp} name or gradient
 * outputs); Adam is timed around its update; the rest of the step is SameDiff's own overhead.
 */
public final class OpProfile {

  /** The groups, in the order a table shows them. */
  public static final List<String> GROUPS = List.of("conv2d fwd", "conv2d bwd (dx+dw+db)", "group norm fwd",
      "group norm bwd", "silu fwd", "silu bwd", "matmul (linear) fwd+bwd", "pool/upsample fwd+bwd",
      "elementwise fwd+bwd", "concat/reshape/other ops", "Adam update", "overhead (outside ops)");

  private OpProfile() {}

  /**
   * Mean ms per step of each group over {@code repeats} steps after {@code warmup}, at batch
   * {@code batch}, plus {@code "step"}: the mean wall time of the whole step, and {@code "ops"}: the
   * number of ops SameDiff ran a step.
   */
  public static Map<String, Double> measure(ModelSpec spec, int batch, int warmup, int repeats) {
    GraphModel model = GraphModel.build(spec, new Loss.Squared(), DataType.FLOAT);
    model.load(GraphModel.initialWeights(spec, Rng.of(0, "profile", "init", 0)));
    TrainingConfig config = TrainingConfig.paperToy(Long.MAX_VALUE).withBatch(batch);
    GraphAdam adam = new GraphAdam(config.adam(), model);
    Timer timer = new Timer();
    model.graph().addListeners(timer);
    int width = spec.time().width();
    float[] x = new float[batch * spec.dim()];
    float[] target = new float[x.length];
    float[] temb = new float[batch * width];
    Rng rng = Rng.of(0, "profile", "batch", 0);
    rng.fillGaussian(x, 0, x.length);
    rng.fillGaussian(target, 0, target.length);
    for (int i = 0; i < batch; i++) {
      spec.time().encode((float) rng.nextDouble(), temb, i * width);
    }
    INDArray xs = Nd4j.create(x, new long[] {batch, spec.dim()}, 'c');
    INDArray tembs = Nd4j.create(temb, new long[] {batch, width}, 'c');
    INDArray targets = Nd4j.create(target, new long[] {batch, spec.dim()}, 'c');
    double[] loss = new double[1];
    long stepNanos = 0;
    long adamNanos = 0;
    for (int i = 0; i < warmup + repeats; i++) {
      if (i == warmup) {
        Arrays.fill(timer.nanos, 0);
        timer.ops = 0;
      }
      long t0 = System.nanoTime();
      Map<String, INDArray> gradients = model.lossAndGradients(xs, tembs, targets, loss);
      long t1 = System.nanoTime();
      adam.update(gradients, config.clipNorm(), Optional.empty(), 0);
      long t2 = System.nanoTime();
      if (i >= warmup) {
        stepNanos += t2 - t0;
        adamNanos += t2 - t1;
      }
    }
    timer.nanos[GROUPS.indexOf("Adam update")] = adamNanos;
    long inOps = Arrays.stream(timer.nanos).sum();
    timer.nanos[GROUPS.size() - 1] = stepNanos - inOps;
    Map<String, Double> out = new LinkedHashMap<>();
    for (int g = 0; g < GROUPS.size(); g++) {
      out.put(GROUPS.get(g), timer.nanos[g] / 1e6 / repeats);
    }
    out.put("step", stepNanos / 1e6 / repeats);
    out.put("ops", (double) timer.ops / repeats);
    return out;
  }

  /** The group of one executed op, from its type and the names of its inputs and outputs. */
  static String group(String type, List<String> inputs, List<String> outputs) {
    boolean backward = type.endsWith("_bp") || outputs.stream().anyMatch(n -> n.contains("-grad"));
    if (type.startsWith("conv2d")) {
      return backward ? GROUPS.get(1) : GROUPS.get(0);
    }
    if (type.equals("swish")) {
      return GROUPS.get(4);
    }
    // SameDiff's SiLU gradient: the derivative (run with the forward pass) times the incoming gradient.
    if (type.equals("_swishderivative") || inputs.stream().anyMatch(n -> n.startsWith("_swishderivative"))) {
      return GROUPS.get(5);
    }
    if (type.startsWith("mmul") || type.startsWith("matmul")) {
      return GROUPS.get(6);
    }
    if (type.contains("pool") || type.startsWith("upsampling")) {
      return GROUPS.get(7);
    }
    if (Stream.concat(inputs.stream(), outputs.stream()).anyMatch(n -> n.startsWith(UnetGraph.GROUP_NORM_SCOPE))) {
      return backward ? GROUPS.get(3) : GROUPS.get(2);
    }
    if (type.startsWith("concat") || type.startsWith("reshape") || type.startsWith("identity")
        || type.startsWith("shape") || type.startsWith("permute") || type.startsWith("squeeze")
        || type.startsWith("expand_dims") || type.startsWith("stack") || type.startsWith("unstack")) {
      return GROUPS.get(9);
    }
    return GROUPS.get(8);
  }

  /** Times every op SameDiff runs, into its group. */
  private static final class Timer extends BaseListener {
    final long[] nanos = new long[GROUPS.size()];
    long ops;
    private long start;

    @Override
    public boolean isActive(Operation operation) {
      return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
      start = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context,
        INDArray[] outputs) {
      long elapsed = System.nanoTime() - start;
      ops++;
      List<String> in = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
      List<String> out = op.getOutputsOfOp() == null ? List.of() : op.getOutputsOfOp();
      nanos[GROUPS.indexOf(group(op.getOp().opName(), in, out))] += elapsed;
    }
  }
}
