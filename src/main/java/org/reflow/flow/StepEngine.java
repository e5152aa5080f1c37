package org.reflow.flow;

/**
 * What trains one stage: a step on batch n at a time, and its complete state as a checkpoint.
 * {@link FlowTrainer} is the hand-written CPU step of an MLP; {@link GraphTrainer} runs any model
 * through ND4J's ops on whichever backend is loaded. {@link StepEngines} picks one for a spec.
 */
public interface StepEngine {

  /** Runs training step number {@link #completedSteps()} and returns its batch loss. */
  double step();

  /** Steps done so far; also the index of the next batch. */
  long completedSteps();

  /** Everything needed to continue this stage exactly: model, optimizer, EMA, step. */
  TrainingCheckpoint checkpoint();
}
