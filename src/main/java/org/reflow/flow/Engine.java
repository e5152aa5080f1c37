package org.reflow.flow;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which code runs a training step ({@code model.engine} in a spec). How a model is trained, not
 * what it is: a checkpoint does not record it, and either engine continues the other's checkpoints.
 */
public enum Engine {
  /** The hand-written step: BLAS products into preallocated buffers, MLP only, CPU backend only. */
  CPU,
  /** ND4J's own ops (a SameDiff graph and its gradients, Adam as array ops): any model, any backend. */
  ND4J,
  /** CPU for an MLP on ND4J's CPU backend; ND4J on a GPU backend and for the U-Net. */
  AUTO;

  /** The engine that runs: AUTO resolved against the model and the loaded backend. */
  public Engine resolve(boolean unet) {
    if (this != AUTO) {
      return this;
    }
    return unet || !Nd4j.getEnvironment().isCPU() ? ND4J : CPU;
  }

  /** The engine named in a spec ("cpu", "nd4j", "auto"), with an error listing the valid ones. */
  public static Engine parse(String name) {
    for (Engine e : values()) {
      if (e.name().equalsIgnoreCase(name.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown engine '" + name + "': use one of cpu, nd4j, auto");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
