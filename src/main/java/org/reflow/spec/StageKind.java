package org.reflow.spec;

/** What a stage does with its pairs. */
public enum StageKind {
  /** 1-rectified flow: train on a coupling of π0 and π1 (independent or minibatch OT). */
  RECTIFY,
  /** (k+1)-rectified flow: train on pairs simulated from a teacher flow. */
  REFLOW,
  /** One-step or k-step model: train at t on a grid, on pairs simulated from a teacher. */
  DISTILL;

  public String yamlName() {
    return name().toLowerCase();
  }
}
