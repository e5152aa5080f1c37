package org.reflow.run;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunState;
import org.reflow.work.Evaluator;
import org.reflow.work.Simulator;
import org.reflow.work.Trainer;

/** What the command line hears from a {@link Conductor}: every worker report, then the run's end. */
public sealed interface RunUpdate extends NoSerializationVerificationNeeded {

  record TrainerUpdate(Trainer.Progress progress) implements RunUpdate {}

  record SimulatorUpdate(Simulator.Generated reply) implements RunUpdate {}

  record GeneratingPairs(String stage, long pairs, String solver) implements RunUpdate {}

  /** A worker on another node took a stage's work. */
  record WorkAssigned(String stage, String role, String node) implements RunUpdate {}

  /** The node running a stage's work is gone; the stage restarts elsewhere from {@code fromStep}. */
  record StageLost(String stage, String role, String node, long fromStep) implements RunUpdate {}

  /** The Experiment recorded the new run: its id now names a run in the journal. */
  record RunSubmitted(String runId, String experiment, int stages, String home) implements RunUpdate {}

  /** The Experiment recorded that the run continues. */
  record RunResumed(Event.ExperimentResumed event) implements RunUpdate {}

  record EvaluatorUpdate(Evaluator.Evaluated reply) implements RunUpdate {}

  /** The run is over (completed or failed) and every evaluation it asked for has answered. */
  record RunEnded(RunState state) implements RunUpdate {}
}
