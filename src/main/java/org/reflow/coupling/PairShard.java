package org.reflow.coupling;

import java.nio.file.Path;

/**
 * One stored shard of a coupling: pairs [from, to) of the whole, in an .npz with arrays
 * {@code z0} and {@code z1} of shape [to − from, dim], identified by its SHA-256.
 */
public record PairShard(int index, long from, long to, Path file, String sha256) {

  public long count() {
    return to - from;
  }
}
