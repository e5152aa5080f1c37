package org.reflow.flow;

import java.util.List;

/**
 * The architecture of a velocity MLP v(x, t): input x ∈ R^dim with t encoded beside it, hidden
 * layers of the given widths with one activation, a linear output in R^dim.
 *
 * @param dim data dimension (2 for the paper's toys)
 * @param hidden widths of the hidden layers; the paper's toy uses [100, 100]
 * @param activation hidden nonlinearity; the paper's toy uses tanh
 * @param time how t enters the network; the paper's toy concatenates it raw
 */
public record ModelSpec(int dim, List<Integer> hidden, Activation activation, TimeEncoding time) {

  public ModelSpec {
    if (dim <= 0) {
      throw new IllegalArgumentException("model dim must be positive, got " + dim);
    }
    hidden = List.copyOf(hidden);
    for (int width : hidden) {
      if (width <= 0) {
        throw new IllegalArgumentException("hidden layer widths must be positive, got " + hidden);
      }
    }
  }

  /** The paper's 2-D toy network: 3 → 100 → 100 → 2, tanh, raw time. */
  public static ModelSpec paperToy(int dim) {
    return new ModelSpec(dim, List.of(100, 100), Activation.TANH, new TimeEncoding.Raw());
  }

  /** Width of the network's input: the position plus the time features. */
  public int inputWidth() {
    return dim + time.width();
  }

  /** Number of linear layers (hidden layers plus the output layer). */
  public int layers() {
    return hidden.size() + 1;
  }

  /** Fan-in of linear layer l. */
  public int fanIn(int layer) {
    return layer == 0 ? inputWidth() : hidden.get(layer - 1);
  }

  /** Fan-out of linear layer l. */
  public int fanOut(int layer) {
    return layer == hidden.size() ? dim : hidden.get(layer);
  }

  /** Multiply-adds of one forward pass per sample (the FLOP count is twice this). */
  public long multiplyAddsPerSample() {
    long total = 0;
    for (int l = 0; l < layers(); l++) {
      total += (long) fanIn(l) * fanOut(l);
    }
    return total;
  }

  /** e.g. "mlp 3-100-100-2 tanh, time raw". */
  public String describe() {
    StringBuilder s = new StringBuilder("mlp ").append(inputWidth());
    hidden.forEach(h -> s.append('-').append(h));
    return s.append('-').append(dim).append(' ').append(activation).append(", time ").append(time).toString();
  }
}
