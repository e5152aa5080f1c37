/**
 * The benchmarks behind {@code reflow bench}: {@link Benchmarks} runs the suite (child JVMs per
 * thread count, JSON out) over {@link StepBenchmark} (a training step and Euler sampling against
 * their bare matrix products), {@link EngineBenchmark} (the image models on either step engine, and
 * the U-Net's convolutions alone), {@link OrchestrationBenchmark} (a stage through the actors against
 * the engine's bare loop) and {@link LineageBenchmark} (lineage queries over a {@link
 * SyntheticHome} of many runs), {@link PairStreamBenchmark} (pair batches across two nodes against inside one
 * JVM) and {@link ClusterBenchmark} (two branches on one worker node against two); {@link Doctor} gathers what
 * {@code reflow doctor} prints. Uses actors, to measure what they cost.
 *
 * <p>May use: {@code cluster}, {@code coupling}, {@code data}, {@code experiment}, {@code flow}, {@code flow.solve},
 * {@code lineage}, {@code rand}, {@code run}, {@code spec}, {@code store}, {@code work}. Used by:
 * {@code cli}.
 */
package org.reflow.bench;
