package org.reflow.coupling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.reflow.data.Distribution;
import org.reflow.data.Points;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.VelocityField;
import org.reflow.rand.Rng;
import org.reflow.store.NpyArray;
import org.reflow.store.Npz;
import org.reflow.store.Sha256;

/**
 * The coupling of (k+1)-rectified flow: (X0, Flow_k(X0)) for fresh X0 ~ π0, where Flow_k is the
 * teacher's ODE solved from t = 0 to 1 (Liu et al. 2022, Algorithm 1, "reflow"). Produced shard
 * by shard so a large coupling never sits in memory; shard s draws its X0 from the generator
 * keyed (seed, stage, "reflow-x0", s), so any shard can be regenerated alone, bit for bit.
 */
public final class ReflowPairs {

  /**
   * How to generate a coupling.
   *
   * @param pairs total number of pairs (the paper's toy uses 10,000)
   * @param shardSize pairs per shard, the last may be smaller
   */
  public record Recipe(Solver solver, long pairs, int shardSize, long seed, String stage) {
    public Recipe {
      if (pairs <= 0) {
        throw new IllegalArgumentException("a reflow coupling needs pairs > 0, got " + pairs);
      }
      if (shardSize <= 0) {
        throw new IllegalArgumentException("shard size must be positive, got " + shardSize);
      }
    }

    public int shards() {
      return (int) ((pairs + shardSize - 1) / shardSize);
    }
  }

  private ReflowPairs() {}

  /**
   * Writes every shard not in {@code kept} into {@code directory} as {@code shard-<s>.npz}
   * (written under a temporary name, then renamed) and reports each as it lands. Returns all
   * shards in order, the kept ones included.
   */
  public static List<PairShard> generate(
      VelocityField teacher, Distribution source, Recipe recipe, Path directory,
      Map<Integer, PairShard> kept, Consumer<PairShard> onShard) {
    if (teacher.dim() != source.dim()) {
      throw new IllegalArgumentException("the teacher flow is " + teacher.dim() + "-dimensional but π0 is "
          + source.dim() + "-dimensional");
    }
    try {
      Files.createDirectories(directory);
      List<PairShard> all = new ArrayList<>();
      for (int s = 0; s < recipe.shards(); s++) {
        PairShard shard = kept.get(s);
        if (shard == null) {
          shard = generateShard(teacher, source, recipe, s, directory);
          onShard.accept(shard);
        }
        all.add(shard);
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write coupling shards under " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Shard s alone: its X0 draws and their images under the teacher flow. */
  public static PairShard generateShard(
      VelocityField teacher, Distribution source, Recipe recipe, int s, Path directory) throws IOException {
    long from = (long) s * recipe.shardSize();
    long to = Math.min(recipe.pairs(), from + recipe.shardSize());
    int n = (int) (to - from);
    Points z0 = source.sample(Rng.of(recipe.seed(), recipe.stage(), "reflow-x0", s), n);
    Points z1 = recipe.solver().solve(teacher, z0, false).points();
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("z0", new NpyArray(new int[] {n, z0.dim()}, z0.values()));
    arrays.put("z1", new NpyArray(new int[] {n, z1.dim()}, z1.values()));
    Path file = directory.resolve(String.format("shard-%05d.npz", s));
    Npz.write(file, arrays);
    return new PairShard(s, from, to, file, Sha256.hex(file));
  }
}
