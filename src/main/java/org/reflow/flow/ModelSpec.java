package org.reflow.flow;

import java.util.List;
import java.util.Optional;

/**
 * The architecture of a velocity MLP v(x, t): input x ∈ R^dim with t encoded beside it, hidden
 * layers of the given widths with one activation, a linear output in R^dim.
 *
 * @param dim data dimension (2 for the paper's toys)
 * @param hidden widths of the hidden layers; the paper's toy uses [100, 100]
 * @param activation hidden nonlinearity; the paper's toy uses tanh
 * @param time how t enters the network; the paper's toy concatenates it raw
 * @param engine which code trains it; not part of the architecture (see {@link #sameArchitecture})
 * @param unet present for a convolutional U-Net on square one-channel images of {@code dim}
 *     pixels, in place of the MLP ({@code hidden} and {@code activation} then unused)
 */
public record ModelSpec(
    int dim, List<Integer> hidden, Activation activation, TimeEncoding time, Engine engine, Optional<UnetSpec> unet) {

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
    unet.ifPresent(u -> u.side(dim));
    if (unet.isPresent() && engine == Engine.CPU) {
      throw new IllegalArgumentException("the U-Net trains on ND4J's ops only: give it engine nd4j or auto, not cpu");
    }
  }

  /** An MLP trained by the engine {@code auto} picks. */
  public ModelSpec(int dim, List<Integer> hidden, Activation activation, TimeEncoding time) {
    this(dim, hidden, activation, time, Engine.AUTO, Optional.empty());
  }

  /** A U-Net on square images of {@code dim} pixels, time embedded by {@code time}. */
  public static ModelSpec unet(int dim, UnetSpec unet, TimeEncoding time) {
    return new ModelSpec(dim, List.of(), Activation.SILU, time, Engine.AUTO, Optional.of(unet));
  }

  public ModelSpec withEngine(Engine newEngine) {
    return new ModelSpec(dim, hidden, activation, time, newEngine, unet);
  }

  /** Equal but for the engine: a checkpoint of one continues under the other. */
  public boolean sameArchitecture(ModelSpec other) {
    return withEngine(Engine.AUTO).equals(other.withEngine(Engine.AUTO));
  }

  /** The engine that trains this model here: {@code auto} resolved against the model and the backend. */
  public Engine resolvedEngine() {
    return engine.resolve(unet.isPresent());
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

  /** e.g. "mlp 3-100-100-2 tanh, time raw" or "unet 28x28 channels 32 mult [1, 2, 2] groups 8, time raw". */
  public String describe() {
    if (unet.isPresent()) {
      UnetSpec u = unet.get();
      int side = u.side(dim);
      return "unet " + side + "x" + side + " channels " + u.channels() + " mult " + u.mult() + " groups " + u.groups()
          + ", time " + time;
    }
    StringBuilder s = new StringBuilder("mlp ").append(inputWidth());
    hidden.forEach(h -> s.append('-').append(h));
    return s.append('-').append(dim).append(' ').append(activation).append(", time ").append(time).toString();
  }
}
