/**
 * Experiment files into validated records: {@link SpecReader} reads the YAML (with {@link
 * Overrides}) into an {@link ExperimentSpec} of {@link StageSpec}s (its data sources through {@link
 * SourceReader}), or throws a {@link
 * SpecException} listing every {@link SpecError}; {@link Plan} is the stage DAG; {@link DataFiles}
 * checks a run's data files against their recorded hashes. {@code replicates} and a {@link Sweep}
 * expand one file into {@link Variant}s of the stage graph, each at its own seed, in one plan.
 * Knows nothing of actors.
 *
 * <p>May use: {@code coupling}, {@code data}, {@code flow}, {@code flow.solve}, {@code rand},
 * {@code store}, {@code text}. Used by: {@code bench}, {@code cli}, {@code experiment}, {@code
 * lineage}, {@code report}, {@code run}, {@code work}.
 */
package org.reflow.spec;
