/**
 * ODE solvers for dz/dt = v(z, t) over a {@link VelocityField}: {@link Solver} with {@link Euler},
 * {@link Heun} and adaptive {@link Rk45} ({@link DormandPrince}), what a solve cost ({@link
 * SolveResult}), and the {@link Straightness} of a flow. Knows nothing of actors.
 *
 * <p>May use: {@code data}. Used by: {@code bench}, {@code cli}, {@code coupling}, {@code flow},
 * {@code metrics}, {@code report}, {@code run}, {@code spec}, {@code work}.
 */
package org.reflow.flow.solve;
