/**
 * The counter-based generator {@link Rng}: draw i of a stream is a pure function of the stream's
 * key and i, the key one of (seed, stage, purpose, counter), so any random choice can be drawn
 * again alone. Knows nothing of actors.
 *
 * <p>May use: no other reflow package. Used by: {@code bench}, {@code cli}, {@code coupling},
 * {@code data}, {@code flow}, {@code metrics}, {@code report}, {@code spec}, {@code work}.
 */
package org.reflow.rand;
