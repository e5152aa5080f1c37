package org.reflow.work;

import org.apache.pekko.actor.typed.javadsl.ActorContext;

/** The workers one node offers through the Receptionist, as many of each as configured. */
public final class WorkerNode {

  private WorkerNode() {}

  /** Spawns the Coupler and the numeric workers (on the numeric dispatcher) under {@code context}. */
  public static void spawn(ActorContext<?> context, int trainers, int simulators, int evaluators) {
    var numeric = Trainer.dispatcher(context.getSystem());
    context.spawn(Coupler.create(), "coupler");
    for (int i = 0; i < trainers; i++) {
      context.spawn(Trainer.create(), "trainer-" + i, numeric);
    }
    for (int i = 0; i < simulators; i++) {
      context.spawn(Simulator.create(), "simulator-" + i, numeric);
    }
    for (int i = 0; i < evaluators; i++) {
      context.spawn(Evaluator.create(), "evaluator-" + i, numeric);
    }
  }
}
