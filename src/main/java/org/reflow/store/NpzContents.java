package org.reflow.store;

import java.util.Map;

/**
 * Everything in an {@code .npz}, in file order: the {@code .npy} entries parsed, keyed by name
 * without the {@code .npy} suffix (as {@code np.load(path).files} lists them), and every other
 * entry (such as {@code meta.json}) as raw bytes keyed by its full entry name. Both maps are
 * unmodifiable.
 */
public record NpzContents(Map<String, NpyArray> arrays, Map<String, byte[]> otherEntries) {}
