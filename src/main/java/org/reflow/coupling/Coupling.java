package org.reflow.coupling;

import org.reflow.flow.PairBatches;

/**
 * A joint law of (X0, X1) that training draws batches from. Batch n is a pure function of n and
 * of the coupling's seed and stage, so a resumed stage sees the batches an uninterrupted one
 * would. Implementations hold reusable buffers: one instance per training thread.
 */
public interface Coupling extends PairBatches {

  /** e.g. "independent", "minibatch-ot", "stored 10000 pairs in 1 shard". */
  String describe();
}
