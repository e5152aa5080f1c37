package org.reflow.spec;

import org.reflow.flow.solve.Solver;

/**
 * The coupling a reflow or distill stage generates from its teacher.
 *
 * @param count pairs to simulate (the paper's toy: 10,000)
 * @param solver how the teacher's ODE is solved (the paper: euler:100)
 * @param shardSize pairs per stored shard (default 50,000)
 */
public record PairsSpec(long count, Solver solver, int shardSize) {}
