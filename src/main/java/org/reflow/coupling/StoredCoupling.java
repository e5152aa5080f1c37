package org.reflow.coupling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reflow.rand.Rng;
import org.reflow.store.CorruptArtifactException;
import org.reflow.store.NpyArray;
import org.reflow.store.Npz;
import org.reflow.store.NpzContents;
import org.reflow.store.Sha256;

/**
 * Training batches drawn from stored pairs, shard by shard, so a coupling larger than memory
 * trains with a few shards resident. Batch n picks one shard with probability proportional to
 * its size, then {@code count} distinct pairs of it uniformly — topped up from the following
 * shards when it is smaller than the batch (with one shard: a uniform batch of the whole
 * coupling, as the paper's code draws). Each shard's hash is checked on load.
 */
public final class StoredCoupling implements Coupling {

  private final List<PairShard> shards;
  private final int dim;
  private final int residentShards;
  private final Rng rng;
  private final long total;
  private final Map<Integer, float[][]> cache;
  private int[] permutation = new int[0];

  /**
   * @param residentShards how many decoded shards to keep in memory (least recently used go)
   */
  public StoredCoupling(List<PairShard> shards, int dim, long seed, String stage, int residentShards) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("stage '" + stage + "': a stored coupling needs at least one shard");
    }
    this.shards = List.copyOf(shards);
    this.dim = dim;
    this.residentShards = Math.max(1, residentShards);
    this.rng = Rng.of(seed, stage, "pairs", 0);
    this.total = shards.stream().mapToLong(PairShard::count).sum();
    this.cache = new LinkedHashMap<>(16, 0.75f, true);
  }

  @Override
  public int dim() {
    return dim;
  }

  /** Pairs in all shards. */
  public long size() {
    return total;
  }

  @Override
  public void fill(long index, float[] z0, float[] z1, int count) {
    if (count > total) {
      throw new IllegalArgumentException("a batch of " + count + " pairs needs at least that many stored pairs; the coupling has "
          + total + ": lower the batch size or generate more pairs");
    }
    rng.restartAt(index);
    int shardIndex = pickShard(rng);
    int filled = 0;
    while (filled < count) { // a shard smaller than the batch is used whole, then the next one tops it up
      filled += drawDistinct(shards.get(shardIndex), z0, z1, filled, count - filled);
      shardIndex = (shardIndex + 1) % shards.size();
    }
  }

  /** Up to {@code wanted} distinct pairs of one shard into the batch from row {@code at}; returns how many. */
  private int drawDistinct(PairShard shard, float[] z0, float[] z1, int at, int wanted) {
    float[][] pairs = load(shard);
    int n = (int) shard.count();
    int taken = Math.min(wanted, n);
    if (permutation.length < n) {
      permutation = new int[n];
    }
    for (int i = 0; i < n; i++) {
      permutation[i] = i;
    }
    for (int i = 0; i < taken; i++) { // partial Fisher–Yates: distinct indices
      int j = i + rng.nextInt(n - i);
      int p = permutation[j];
      permutation[j] = permutation[i];
      permutation[i] = p;
      System.arraycopy(pairs[0], p * dim, z0, (at + i) * dim, dim);
      System.arraycopy(pairs[1], p * dim, z1, (at + i) * dim, dim);
    }
    return taken;
  }

  @Override
  public String describe() {
    return "stored " + total + " pairs in " + shards.size() + " shard" + (shards.size() == 1 ? "" : "s");
  }

  /** A shard index, with probability proportional to the shard's size. */
  private int pickShard(Rng r) {
    if (shards.size() == 1) {
      return 0;
    }
    long u = (long) (r.nextDouble() * total);
    for (int i = 0; i < shards.size(); i++) {
      if (u < shards.get(i).count()) {
        return i;
      }
      u -= shards.get(i).count();
    }
    return shards.size() - 1;
  }

  private float[][] load(PairShard shard) {
    float[][] pairs = cache.get(shard.index());
    if (pairs != null) {
      return pairs;
    }
    pairs = readShard(shard, dim);
    cache.put(shard.index(), pairs);
    if (cache.size() > residentShards) {
      cache.remove(cache.keySet().iterator().next());
    }
    return pairs;
  }

  /** The z0 and z1 arrays of a shard, after checking its hash and shapes. */
  public static float[][] readShard(PairShard shard, int dim) {
    try {
      String actual = Sha256.hex(shard.file());
      if (!actual.equals(shard.sha256())) {
        throw new CorruptArtifactException(shard.file(), shard.sha256(), actual,
            "regenerate the coupling shard " + shard.index() + " from its teacher (a resumed run does this itself)");
      }
      NpzContents contents = Npz.read(shard.file());
      NpyArray z0 = requireShape(shard, contents, "z0", dim);
      NpyArray z1 = requireShape(shard, contents, "z1", dim);
      return new float[][] {z0.data(), z1.data()};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read coupling shard " + shard.file() + ": " + e.getMessage(), e);
    }
  }

  private static NpyArray requireShape(PairShard shard, NpzContents contents, String name, int dim) {
    NpyArray array = contents.arrays().get(name);
    if (array == null) {
      throw new IllegalArgumentException("coupling shard " + shard.file() + " has no array '" + name
          + "'; a shard holds z0 and z1");
    }
    if (array.shape().length != 2 || array.shape()[0] != shard.count() || array.shape()[1] != dim) {
      throw new IllegalArgumentException("coupling shard " + shard.file() + ": array '" + name
          + "' has shape " + array.shapeText() + ", expected [" + shard.count() + ", " + dim + "]");
    }
    return array;
  }
}
