/**
 * The rectified-flow engine: the velocity network {@link VelocityMlp} (of a {@link ModelSpec})
 * with hand-written passes over {@link Matrix} and {@link Gemm}; the training loop {@link
 * FlowTrainer} ({@link Adam}, {@link Loss}, {@link TimeSampling}, {@link TrainingConfig});
 * checkpoints ({@link TrainingCheckpoint}, {@link CheckpointFile}). Knows nothing of actors.
 *
 * <p>May use: {@code flow.solve}, {@code rand}, {@code store}. Used by: {@code bench}, {@code cli},
 * {@code coupling}, {@code report}, {@code spec}, {@code work}.
 */
package org.reflow.flow;
