package org.reflow.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.reflow.data.FashionMnist;
import org.reflow.data.Points;
import org.reflow.rand.Rng;
import org.reflow.store.NpyArray;

/**
 * The classifier whose penultimate features the Fréchet distance of images is measured in (as FID
 * measures in Inception's): an MLP 784 → 256 → 128 → 10 with ReLU, trained by softmax cross-entropy
 * and Adam on Fashion-MNIST's train split. Small enough to train in well under a minute on two
 * cores, once per home ({@link Classifiers}); deterministic for a given recipe, thread count and
 * OpenBLAS kernel. Products run through ND4J's BLAS in float32.
 */
public final class FeatureClassifier {

  /** Arrays of the stored artifact, in order: weights [in, out] and biases [out] per layer. */
  static final List<String> ARRAYS = List.of("w1", "b1", "w2", "b2", "w3", "b3");

  /**
   * How a classifier is made; its hash names it in a home.
   *
   * @param hidden the two hidden widths
   * @param steps Adam steps, each on a batch drawn uniformly with replacement
   * @param batch images per step
   * @param learningRate Adam's step size (betas 0.9, 0.999, eps 1e-8)
   * @param seed the generator's seed for the initial weights and the batches
   * @param data the SHA-256 of each Fashion-MNIST file read, by file name
   */
  public record Recipe(List<Integer> hidden, long steps, int batch, double learningRate, long seed, Map<String, String> data) {

    /** 2,000 steps of 128 images (4.3 epochs). */
    public static Recipe standard(Map<String, String> data) {
      return new Recipe(List.of(256, 128), 2000, 128, 1e-3, 0, data);
    }
  }

  private final INDArray[] parameters;

  private FeatureClassifier(INDArray[] parameters) {
    this.parameters = parameters;
  }

  /** The classifier of stored arrays, by {@link #ARRAYS} name. */
  static FeatureClassifier of(Map<String, NpyArray> arrays) {
    INDArray[] p = new INDArray[ARRAYS.size()];
    for (int i = 0; i < p.length; i++) {
      NpyArray a = arrays.get(ARRAYS.get(i));
      if (a == null) {
        throw new IllegalArgumentException("the classifier has no array '" + ARRAYS.get(i) + "'");
      }
      long[] shape = a.shape().length == 1 ? new long[] {1, a.shape()[0]} : new long[] {a.shape()[0], a.shape()[1]};
      p[i] = Nd4j.create(a.data(), shape, DataType.FLOAT);
    }
    return new FeatureClassifier(p);
  }

  /** Its parameters as arrays to store, by {@link #ARRAYS} name. */
  Map<String, NpyArray> arrays() {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    for (int i = 0; i < parameters.length; i++) {
      INDArray p = parameters[i];
      int[] shape = i % 2 == 1 ? new int[] {(int) p.length()} : new int[] {(int) p.rows(), (int) p.columns()};
      out.put(ARRAYS.get(i), new NpyArray(shape, p.dup().data().asFloat()));
    }
    return out;
  }

  /** Trains a classifier on {@code train} by {@code recipe}. */
  static FeatureClassifier train(Recipe recipe, FashionMnist.Images train) {
    int[] widths = {FashionMnist.PIXELS, recipe.hidden().get(0), recipe.hidden().get(1), FashionMnist.CLASS_NAMES.size()};
    INDArray[] p = new INDArray[6];
    Rng init = Rng.of(recipe.seed(), "classifier", "init", 0);
    for (int layer = 0; layer < 3; layer++) {
      float[] w = new float[widths[layer] * widths[layer + 1]];
      init.fillGaussian(w, 0, w.length);
      p[2 * layer] = Nd4j.create(w, new long[] {widths[layer], widths[layer + 1]}, DataType.FLOAT)
          .muli(Math.sqrt(2.0 / widths[layer])); // He initialisation for ReLU
      p[2 * layer + 1] = Nd4j.zeros(DataType.FLOAT, 1, widths[layer + 1]);
    }
    FeatureClassifier model = new FeatureClassifier(p);
    Adam adam = new Adam(p, recipe.learningRate());
    float[] x = new float[recipe.batch() * FashionMnist.PIXELS];
    float[] onehot = new float[recipe.batch() * widths[3]];
    for (long step = 0; step < recipe.steps(); step++) {
      Rng rng = Rng.of(recipe.seed(), "classifier", "batch", step);
      java.util.Arrays.fill(onehot, 0);
      for (int i = 0; i < recipe.batch(); i++) {
        int image = rng.nextInt(train.size());
        train.copyTo(image, x, i);
        onehot[i * widths[3] + train.label(image)] = 1;
      }
      adam.update(model.gradients(Nd4j.create(x, new long[] {recipe.batch(), widths[0]}, DataType.FLOAT),
          Nd4j.create(onehot, new long[] {recipe.batch(), widths[3]}, DataType.FLOAT)));
    }
    return model;
  }

  /** Gradients of the mean softmax cross-entropy, by parameter; one forward and one backward pass. */
  private INDArray[] gradients(INDArray x, INDArray onehot) {
    INDArray z1 = x.mmul(parameters[0]).addiRowVector(parameters[1]);
    INDArray h1 = Transforms.relu(z1, true);
    INDArray z2 = h1.mmul(parameters[2]).addiRowVector(parameters[3]);
    INDArray h2 = Transforms.relu(z2, true);
    // ∂L/∂logits = (softmax − onehot) / B for L = −mean log softmax[label]
    INDArray d3 = softmax(h2.mmul(parameters[4]).addiRowVector(parameters[5])).subi(onehot).divi(x.rows());
    INDArray d2 = d3.mmul(parameters[4].transpose()).muli(Transforms.step(z2));
    INDArray d1 = d2.mmul(parameters[2].transpose()).muli(Transforms.step(z1));
    return new INDArray[] {
      x.transpose().mmul(d1), d1.sum(true, 0),
      h1.transpose().mmul(d2), d2.sum(true, 0),
      h2.transpose().mmul(d3), d3.sum(true, 0)};
  }

  private static INDArray softmax(INDArray logits) {
    INDArray e = Transforms.exp(logits.subiColumnVector(logits.max(true, 1)), false);
    return e.diviColumnVector(e.sum(true, 1));
  }

  /**
   * What the classifier sees in {@code images} ([n, 784] in [−1, 1]): each image's penultimate
   * features and its class probabilities.
   *
   * @param features [n, 128] (the second hidden layer after ReLU)
   * @param probabilities [n, 10] (softmax of the logits)
   */
  public record Seen(Points features, Points probabilities) {

    /** The most probable class of image i. */
    public int predicted(int i) {
      int best = 0;
      for (int c = 1; c < probabilities.dim(); c++) {
        if (probabilities.get(i, c) > probabilities.get(i, best)) {
          best = c;
        }
      }
      return best;
    }
  }

  /** Features and probabilities of {@code images}, a thousand at a time. */
  public Seen see(Points images) {
    if (images.dim() != parameters[0].rows()) {
      throw new IllegalArgumentException("the feature classifier reads " + parameters[0].rows()
          + "-pixel images, got points of dim " + images.dim());
    }
    int width = (int) parameters[2].columns();
    int classes = (int) parameters[4].columns();
    float[] features = new float[images.count() * width];
    float[] probabilities = new float[images.count() * classes];
    for (int from = 0; from < images.count(); from += 1000) {
      int n = Math.min(1000, images.count() - from);
      float[] chunk = java.util.Arrays.copyOfRange(images.values(), from * images.dim(), (from + n) * images.dim());
      INDArray x = Nd4j.create(chunk, new long[] {n, images.dim()}, DataType.FLOAT);
      INDArray h1 = Transforms.relu(x.mmul(parameters[0]).addiRowVector(parameters[1]), false);
      INDArray h2 = Transforms.relu(h1.mmul(parameters[2]).addiRowVector(parameters[3]), false);
      INDArray p = softmax(h2.mmul(parameters[4]).addiRowVector(parameters[5]));
      System.arraycopy(h2.dup('c').data().asFloat(), 0, features, from * width, n * width);
      System.arraycopy(p.dup('c').data().asFloat(), 0, probabilities, from * classes, n * classes);
    }
    return new Seen(new Points(images.count(), width, features), new Points(images.count(), classes, probabilities));
  }

  /** The fraction of {@code images} whose predicted class is their label. */
  public double accuracy(FashionMnist.Images images) {
    Seen seen = see(images.all());
    int right = 0;
    for (int i = 0; i < images.size(); i++) {
      right += seen.predicted(i) == images.label(i) ? 1 : 0;
    }
    return (double) right / images.size();
  }

  /** Adam (Kingma & Ba 2015) over the parameters, in place; betas 0.9 and 0.999, eps 1e-8. */
  private static final class Adam {
    private final INDArray[] parameters;
    private final INDArray[] m;
    private final INDArray[] v;
    private final double learningRate;
    private long t;

    Adam(INDArray[] parameters, double learningRate) {
      this.parameters = parameters;
      this.learningRate = learningRate;
      m = new INDArray[parameters.length];
      v = new INDArray[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        m[i] = Nd4j.zerosLike(parameters[i]);
        v[i] = Nd4j.zerosLike(parameters[i]);
      }
    }

    void update(INDArray[] gradients) {
      t++;
      double alpha = learningRate * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
      for (int i = 0; i < parameters.length; i++) {
        INDArray g = gradients[i];
        m[i].muli(0.9).addi(g.mul(0.1)); // m = β1 m + (1 − β1) g
        v[i].muli(0.999).addi(g.mul(g).muli(0.001)); // v = β2 v + (1 − β2) g²
        parameters[i].subi(m[i].div(Transforms.sqrt(v[i], true).addi(1e-8)).muli(alpha));
      }
    }
  }
}
