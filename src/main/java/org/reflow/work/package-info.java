/**
 * The workers of a run and their streams: a {@link Coupler} serves pair batches ({@link
 * PairsRequest}, {@link PairBatch}) to a {@link Trainer}, a {@link Simulator} generates a reflow's
 * coupling, an {@link Evaluator} measures checkpoints, each reporting to the run's {@link
 * org.reflow.experiment.Experiment}; {@link WorkerNode} offers them on a node. The
 * {@link org.reflow.run.Conductor} in {@code run} drives them through one run.
 *
 * <p>May use: {@code cluster}, {@code coupling}, {@code data}, {@code experiment}, {@code flow}, {@code flow.solve},
 * {@code metrics}, {@code rand}, {@code spec}, {@code store}. Used by: {@code bench}, {@code cli},
 * {@code run}.
 */
package org.reflow.work;
