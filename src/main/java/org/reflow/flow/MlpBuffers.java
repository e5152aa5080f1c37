package org.reflow.flow;

/**
 * Every buffer one forward and backward pass of a {@link VelocityMlp} needs for a batch of a
 * fixed size: created once, reused for every step, so a step allocates nothing.
 */
final class MlpBuffers {

  final int rows;
  final Matrix input;
  /** Pre-activations z_l of the hidden layers. */
  final Matrix[] pre;
  /** Activations a_l = f(z_l) of the hidden layers. */
  final Matrix[] act;
  final Matrix output;
  /** dL/dv, filled by the loss before {@link VelocityMlp#backward}. */
  final Matrix outputGradient;
  /** dL/da_l for the hidden layers, turned into dL/dz_l in place. */
  final Matrix[] hiddenGradient;
  /**
   * Heap copies of pre-activations, activations and hidden gradients: element-wise work runs
   * over these, where the JIT vectorises it, and bulk copies move them to and from the native
   * matrices the products read and write.
   */
  final float[][] preHeap;
  final float[][] actHeap;
  final float[][] gradientHeap;
  final float[] outputHeap;
  final float[] outputGradientHeap;
  /** A row of ones: 1ᵀ·δ sums a gradient's columns with one product (a vectorised loop is slower). */
  final Matrix ones;
  /** One bias vector at a time, as the source of the row fills that add it. */
  final float[] biasHeap;
  private final TimeEncoding time;
  private final int dim;
  private final float[] features;

  MlpBuffers(ModelSpec spec, int rows) {
    this.rows = rows;
    this.time = spec.time();
    this.dim = spec.dim();
    this.features = new float[spec.inputWidth()];
    int hiddenLayers = spec.hidden().size();
    input = new Matrix(rows, spec.inputWidth());
    pre = new Matrix[hiddenLayers];
    act = new Matrix[hiddenLayers];
    hiddenGradient = new Matrix[hiddenLayers];
    preHeap = new float[hiddenLayers][];
    actHeap = new float[hiddenLayers][];
    gradientHeap = new float[hiddenLayers][];
    int widest = spec.dim();
    for (int l = 0; l < hiddenLayers; l++) {
      int width = spec.hidden().get(l);
      widest = Math.max(widest, width);
      pre[l] = new Matrix(rows, width);
      act[l] = new Matrix(rows, width);
      hiddenGradient[l] = new Matrix(rows, width);
      preHeap[l] = new float[rows * width];
      actHeap[l] = new float[rows * width];
      gradientHeap[l] = new float[rows * width];
    }
    output = new Matrix(rows, spec.dim());
    outputGradient = new Matrix(rows, spec.dim());
    outputHeap = new float[rows * spec.dim()];
    outputGradientHeap = new float[rows * spec.dim()];
    biasHeap = new float[widest];
    ones = new Matrix(1, rows);
    ones.fill(1f);
  }

  /** Network input rows [x_i, enc(t_i)] for i &lt; count from row-major x and per-row t. */
  void load(float[] x, int xOffset, float[] t, int tOffset, int count) {
    loadRows(x, xOffset, t, tOffset, 0f, count, true);
  }

  /** Network input rows [x_i, enc(t)] for i &lt; count with one t for every row. */
  void load(float[] x, int xOffset, float t, int count) {
    loadRows(x, xOffset, null, 0, t, count, false);
  }

  private void loadRows(float[] x, int xOffset, float[] ts, int tOffset, float t, int count, boolean perRow) {
    if (count > rows) {
      throw new IllegalArgumentException("batch of " + count + " exceeds buffers sized for " + rows);
    }
    var in = input.buffer();
    int width = features.length;
    if (!perRow) {
      time.encode(t, features, dim);
    }
    for (int r = 0; r < count; r++) {
      System.arraycopy(x, xOffset + r * dim, features, 0, dim);
      if (perRow) {
        time.encode(ts[tOffset + r], features, dim);
      }
      in.put(r * width, features, 0, width);
    }
  }
}
