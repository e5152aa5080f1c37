package org.reflow.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop of {@link FlowTrainer} — same batches, times, loss and Adam — on a
 * {@link GraphModel}: forward, loss and gradients are ND4J ops, so the step runs on whatever
 * backend is loaded (the CUDA one on a GPU worker). Trains the MLP and the U-Net alike.
 */
public final class GraphTrainer implements StepEngine {

  private final GraphModel model;
  private final GraphAdam adam;
  private final Optional<Map<String, INDArray>> ema;
  private final TrainingConfig config;
  private final String stage;
  private final TrainingBatch batch;
  private final float[] features;
  private final double[] loss = new double[1];
  private long step;

  private GraphTrainer(GraphModel model, GraphAdam adam, Optional<Map<String, float[]>> ema, PairBatches pairs,
      TrainingConfig config, long seed, String stage, long step) {
    ModelSpec spec = model.spec();
    if (pairs.dim() != spec.dim()) {
      throw new IllegalArgumentException("stage '" + stage + "': the pairs are " + pairs.dim()
          + "-dimensional but the model is " + spec.dim() + "-dimensional; make model.dim match the data");
    }
    this.model = model;
    this.adam = adam;
    this.ema = ema.map(values -> arrays(values, model));
    this.config = config;
    this.stage = stage;
    this.step = step;
    this.batch = new TrainingBatch(pairs, config, spec.dim(), seed, stage, step);
    this.features = new float[config.batchSize() * spec.time().width()];
  }

  /** A trainer at step 0 from {@code initial} weights (fresh, or a teacher's for a warm start). */
  public static GraphTrainer start(ModelSpec spec, Map<String, float[]> initial, PairBatches pairs,
      TrainingConfig config, long seed, String stage) {
    GraphModel model = GraphModel.build(spec, config.loss(), DataType.FLOAT);
    model.load(initial);
    Optional<Map<String, float[]>> ema = config.emaDecay() > 0 ? Optional.of(initial) : Optional.empty();
    return new GraphTrainer(model, new GraphAdam(config.adam(), model), ema, pairs, config, seed, stage, 0);
  }

  /** A trainer that continues from a checkpoint's model, optimizer, EMA and step. */
  public static GraphTrainer resume(TrainingCheckpoint checkpoint, PairBatches pairs, TrainingConfig config,
      long seed, String stage) {
    GraphModel model = GraphModel.build(checkpoint.spec(), config.loss(), DataType.FLOAT);
    model.load(checkpoint.parameters());
    GraphAdam adam = new GraphAdam(config.adam(), model);
    adam.restore(checkpoint.firstMoment(), checkpoint.secondMoment(), checkpoint.optimizerSteps());
    Optional<Map<String, float[]>> ema = config.emaDecay() > 0
        ? Optional.of(checkpoint.ema().orElse(checkpoint.parameters())) : Optional.empty();
    return new GraphTrainer(model, adam, ema, pairs, config, seed, stage, checkpoint.step());
  }

  @Override
  public double step() {
    int n = batch.count;
    int dim = batch.dim;
    batch.draw(step);
    int width = model.spec().time().width();
    for (int i = 0; i < n; i++) {
      model.spec().time().encode(batch.times[i], features, i * width);
    }
    INDArray x = Nd4j.create(batch.positions, new long[] {n, dim}, 'c');
    INDArray temb = Nd4j.create(features, new long[] {n, width}, 'c');
    INDArray target = Nd4j.create(batch.target, new long[] {n, dim}, 'c');
    Map<String, INDArray> gradients = model.lossAndGradients(x, temb, target, loss);
    if (!Double.isFinite(loss[0])) {
      throw TrainingBatch.diverged(stage, loss[0], step);
    }
    adam.update(gradients, config.clipNorm(), ema, config.emaDecay());
    step++;
    return loss[0];
  }

  @Override
  public long completedSteps() {
    return step;
  }

  @Override
  public TrainingCheckpoint checkpoint() {
    Optional<Map<String, float[]>> average = ema.map(e -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      e.forEach((name, a) -> out.put(name, GraphModel.floats(a)));
      return out;
    });
    return new TrainingCheckpoint(model.spec(), step, model.toArrays(), adam.firstMoment(), adam.secondMoment(),
        adam.steps(), average);
  }

  /** Arrays shaped and typed as the model's parameters, holding {@code values}. */
  private static Map<String, INDArray> arrays(Map<String, float[]> values, GraphModel model) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (String name : model.names()) {
      INDArray like = model.array(name);
      out.put(name, Nd4j.create(values.get(name).clone(), like.shape(), 'c').castTo(like.dataType()));
    }
    return out;
  }
}
