package org.reflow.spec;

import java.util.Optional;
import org.reflow.flow.TrainingConfig;

/**
 * One stage of an experiment graph.
 *
 * @param teacher the stage whose flow generates this stage's pairs (reflow, distill)
 * @param init the stage whose final weights warm-start this one
 * @param coupling for rectify stages: how X0 and X1 are paired (independent for the others)
 * @param pairs for reflow and distill stages: the coupling to generate
 * @param checkpointEvery steps between checkpoints (the last step always gets one)
 */
public record StageSpec(
    String id,
    StageKind kind,
    Optional<String> teacher,
    Optional<String> init,
    Pairing coupling,
    Optional<PairsSpec> pairs,
    TrainingConfig train,
    long checkpointEvery) {}
