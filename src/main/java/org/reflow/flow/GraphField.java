package org.reflow.flow;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reflow.flow.solve.VelocityField;

/**
 * A {@link GraphModel} seen as a velocity field: evaluates any number of points in blocks of at
 * most {@link #BLOCK_ROWS} rows through ND4J's ops. One instance per thread.
 */
public final class GraphField implements VelocityField {

  /** Rows per evaluation: the U-Net's activations for 128 images of 28×28 are a few tens of MB. */
  static final int BLOCK_ROWS = 128;

  private final GraphModel model;
  private final float[] features;

  GraphField(GraphModel model) {
    this.model = model;
    this.features = new float[BLOCK_ROWS * model.spec().time().width()];
  }

  /** The field of {@code spec}'s model with these parameters. */
  public static GraphField of(ModelSpec spec, Map<String, float[]> parameters) {
    GraphModel model = GraphModel.build(spec, new Loss.Squared(), DataType.FLOAT);
    model.load(parameters);
    return new GraphField(model);
  }

  @Override
  public int dim() {
    return model.spec().dim();
  }

  @Override
  public void evaluate(float[] z, int count, double t, float[] out) {
    int dim = dim();
    int width = model.spec().time().width();
    model.spec().time().encode((float) t, features, 0);
    for (int r = 1; r < BLOCK_ROWS; r++) {
      System.arraycopy(features, 0, features, r * width, width);
    }
    for (int start = 0; start < count; start += BLOCK_ROWS) {
      int n = Math.min(BLOCK_ROWS, count - start);
      INDArray x = Nd4j.create(Arrays.copyOfRange(z, start * dim, (start + n) * dim), new long[] {n, dim}, 'c');
      INDArray temb = Nd4j.create(Arrays.copyOf(features, n * width), new long[] {n, width}, 'c');
      float[] v = GraphModel.floats(model.velocity(x, temb));
      System.arraycopy(v, 0, out, start * dim, n * dim);
    }
  }
}
