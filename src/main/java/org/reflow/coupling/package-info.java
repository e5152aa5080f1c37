/**
 * Couplings of (X0, X1) that training draws its batches from ({@link Coupling}): {@link
 * IndependentCoupling}, {@link MinibatchOtCoupling}, and stored pairs read shard by shard ({@link
 * StoredCoupling}); {@link ReflowPairs} generates a reflow's pairs through its teacher's flow into
 * {@link PairShard}s. Knows nothing of actors.
 *
 * <p>May use: {@code data}, {@code flow}, {@code flow.solve}, {@code metrics}, {@code rand}, {@code
 * store}. Used by: {@code bench}, {@code report}, {@code spec}, {@code work}.
 */
package org.reflow.coupling;
