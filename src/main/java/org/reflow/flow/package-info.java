/**
 * The rectified-flow engine: the velocity network {@link VelocityMlp} (of a {@link ModelSpec})
 * with hand-written passes over {@link Matrix} and {@link Gemm}; the training loop {@link
 * FlowTrainer} ({@link Adam}, {@link Loss}, {@link TimeSampling}, {@link TrainingConfig});
 * the same loop on ND4J's own ops for any backend, {@link GraphTrainer} over a {@link GraphModel}
 * (the MLP as {@link MlpGraph}, the convolutional U-Net of a {@link UnetSpec} as {@link UnetGraph});
 * {@link StepEngines} picks one by the spec's {@link Engine}; checkpoints ({@link
 * TrainingCheckpoint}, {@link CheckpointFile}). Knows nothing of actors.
 *
 * <p>May use: {@code flow.solve}, {@code rand}, {@code store}. Used by: {@code bench}, {@code cli},
 * {@code coupling}, {@code report}, {@code spec}, {@code work}.
 */
package org.reflow.flow;
