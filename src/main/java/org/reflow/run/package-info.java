/**
 * Orchestration: conducting one run to its end. The {@link org.reflow.run.RunGuardian} spawns a
 * node's workers, the run's {@link org.reflow.experiment.Experiment} and its {@link
 * org.reflow.run.Conductor}, which starts the stages of the spec's {@link org.reflow.spec.Plan} as
 * their inputs complete, hands them to the {@code work} actors and asks for evaluations on the
 * {@link org.reflow.run.EvaluationSchedule}; a stopped run continues from a {@link
 * org.reflow.run.ResumePlan}. A worker it loses (its cluster node crashed or left) hands its stage
 * to another from the last recorded checkpoint. {@link org.reflow.run.NodeGuardian} is the guardian
 * of a worker node ({@code reflow node}) instead.
 *
 * <p>The layer above {@code work} and {@code experiment}; none of the packages it uses uses it.
 *
 * <p>May use: {@code cluster}, {@code experiment}, {@code flow.solve}, {@code spec}, {@code store},
 * {@code work}. Used by: {@code bench}, {@code cli}.
 */
package org.reflow.run;
