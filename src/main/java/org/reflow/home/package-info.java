/**
 * Keeping a home tidy: which artifacts the recorded runs still need ({@link
 * org.reflow.home.References}), runs forgotten with {@code reflow rm} ({@link
 * org.reflow.home.Forgotten}), the sweep of {@code reflow gc} ({@link org.reflow.home.HomeGc}) and
 * the run locks that keep both away from a run being written ({@link org.reflow.home.RunLocks}).
 * Knows nothing of actors.
 *
 * <p>May use: {@code experiment} (the journal, run locks), {@code store} (the artifacts recipes keep). Used by:
 * {@code cli}, {@code serve}.
 */
package org.reflow.home;
