/**
 * Content-addressed artifacts ({@link ArtifactStore}, named by {@link Sha256}) and numpy's formats
 * ({@link Npy}, {@link Npz}, {@link NpyArray}), the names that may become paths under the home
 * ({@link HomeNames}), with the failures a person can act on ({@link
 * ArrayFormatException}, {@link CorruptArtifactException}, {@link StorageFault}). Knows nothing of
 * actors.
 *
 * <p>May use: no other reflow package. Used by: {@code bench}, {@code cli}, {@code cluster}, {@code coupling},
 * {@code data}, {@code flow}, {@code report}, {@code run}, {@code serve}, {@code spec}, {@code work}.
 */
package org.reflow.store;
