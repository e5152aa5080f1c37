package org.reflow.work;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.reflow.coupling.PairShard;
import org.reflow.coupling.ReflowPairs;
import org.reflow.data.Distribution;
import org.reflow.experiment.Event;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.StepEngines;
import org.reflow.flow.TrainingCheckpoint;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.VelocityField;
import org.reflow.spec.SourceSpec;
import org.reflow.store.ArtifactStore;

/**
 * The numeric side of one coupling inside a {@link Simulator}: the teacher flow, π0, the recipe
 * and the shards stored so far. Not thread-safe by design: only the Simulator touches it, on its
 * own dispatcher.
 */
final class SimulationSession {

  final Simulator.Generate order;
  /** Set once the coupling failed: the first error is the cause. */
  String failure;
  private final NodeArtifacts store;
  private VelocityField teacher;
  private Distribution pi0;
  private ReflowPairs.Recipe recipe;
  private Path scratch;
  private final List<PairsRequest.Shard> stored = new ArrayList<>();

  SimulationSession(Simulator.Generate order, NodeArtifacts store) {
    this.order = order;
    this.store = store;
  }

  /** Checks the order, loads the teacher and opens π0: everything that can fail before shard 0. */
  void start() {
    Solver solver = Solver.parse(order.solver());
    recipe = new ReflowPairs.Recipe(solver, order.pairs(), order.shardSize(), order.seed(), order.stage());
    String what = "teacher checkpoint " + order.teacherCheckpointId() + " of the coupling " + order.couplingId()
        + " of stage '" + order.stage() + "'";
    TrainingCheckpoint checkpoint = CheckpointFile.read(store.input(order.teacherSha256(), what),
        Optional.of(order.teacherSha256()));
    ModelSpec spec = order.teacherModel().toSpec();
    if (!checkpoint.spec().sameArchitecture(spec)) {
      throw new IllegalArgumentException("the " + what + " is a " + checkpoint.spec().describe()
          + " but the stage names a " + spec.describe() + " as its teacher; give the stage the teacher's architecture");
    }
    // The reflow coupling follows the teacher's trained weights, not its EMA (the EMA is what a warm start takes).
    teacher = StepEngines.field(checkpoint, false);
    pi0 = order.source().open(order.seed(), "pi0");
    if (pi0.dim() != spec.dim()) {
      throw new IllegalArgumentException("π0 (" + order.source() + ") is " + pi0.dim()
          + "-dimensional but the teacher flow is " + spec.dim() + "-dimensional; pick a source of the teacher's dimension");
    }
    try {
      scratch = Files.createTempDirectory("reflow-coupling-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch folder for coupling shards (" + e.getMessage()
          + "); free space in the temporary folder or point java.io.tmpdir elsewhere", e);
    }
  }

  int shards() {
    return recipe.shards();
  }

  /** The index of the next shard to generate. */
  int nextShard() {
    return stored.size();
  }

  boolean finished() {
    return stored.size() == recipe.shards();
  }

  /**
   * A kept shard whose artifact is intact, as recorded; otherwise generates shard s into the scratch folder, moves it into the store and returns the event that
   * reports it; its SHA-256 is both the generator's hash and the store's name.
   */
  Event.CouplingShardWritten writeShard(int s) {
    String kept = order.keptShards().get(s);
    if (kept != null && store.held(kept, "coupling shard " + s + " of " + order.couplingId())) {
      long from = (long) s * recipe.shardSize();
      return new Event.CouplingShardWritten(order.couplingId(), order.stage(), s, from,
          Math.min(recipe.pairs(), from + recipe.shardSize()), kept);
    }
    try {
      PairShard shard = ReflowPairs.generateShard(teacher, pi0, recipe, s, scratch);
      String sha = store.output(f -> Files.copy(shard.file(), f, StandardCopyOption.REPLACE_EXISTING),
          "coupling shard " + s + " of " + order.couplingId());
      Files.delete(shard.file());
      if (!sha.equals(shard.sha256())) {
        throw new IllegalStateException("shard " + s + " hashed to " + shard.sha256() + " when written but to " + sha
            + " in the store; check the disk under REFLOW_HOME and the scratch folder " + scratch);
      }
      return new Event.CouplingShardWritten(order.couplingId(), order.stage(), s, shard.from(), shard.to(), sha);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write coupling shard " + s + " under " + scratch + ": " + e.getMessage()
          + " (is the disk full?)", e);
    }
  }

  /** The Experiment recorded this shard: the next one may be generated. */
  void recorded(Event.CouplingShardWritten shard) {
    stored.add(new PairsRequest.Shard(shard.shardIndex(), shard.fromPair(), shard.toPair(), shard.sha256()));
  }

  List<PairsRequest.Shard> shardList() {
    return List.copyOf(stored);
  }

  /** The whole coupling, with the recipe that regenerates it. */
  Event.CouplingMaterialized materialized() {
    return new Event.CouplingMaterialized(order.couplingId(), order.stage(), order.teacherCheckpointId(),
        order.solver(), order.pairs(), order.seed(), stored.stream().map(PairsRequest.Shard::sha256).toList());
  }

  /** Removes the scratch folder; the stored shards stay. Safe to call twice or before start. */
  void close() {
    if (scratch == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(scratch)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // Leftover scratch files cost disk space only; the coupling's outcome stands.
    }
    scratch = null;
  }
}
