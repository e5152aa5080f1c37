package org.reflow.spec;

import java.util.Map;

/**
 * What a recorded spec names, read and validated by {@link SpecReader#outline} without opening a
 * data file: enough for the read side (lineage) to describe a run from the journal alone.
 *
 * @param source π0 (data.source) as written, e.g. {@code {toy=three-gaussians-source, pool=100}} or {@code {npy=data/disc.npy}}
 * @param target π1 (data.target) as written
 * @param variants the copies of the stage graph (one, named "", for a plain spec)
 * @param stages by run id, variant after variant, in file order, with the reader's defaults applied (a rectify stage's coupling, …)
 */
public record SpecOutline(String source, String target, Map<String, StageSpec> stages, java.util.List<Variant> variants) {}
