package org.reflow.work;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.reflow.coupling.Coupling;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.coupling.PairShard;
import org.reflow.coupling.StoredCoupling;
import org.reflow.experiment.CborSerializable;
import org.reflow.spec.Pairing;
import org.reflow.spec.SourceSpec;

/**
 * Which coupling a {@link Coupler} should stream, as plain data that crosses nodes. The Coupler
 * turns it into an engine {@link Coupling} inside the stream, so a coupling's buffers never
 * leave the thread that fills them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PairsRequest.FreshPairs.class, name = "fresh"),
  @JsonSubTypes.Type(value = PairsRequest.StoredPairs.class, name = "stored")
})
public sealed interface PairsRequest extends CborSerializable {

  /** The stage whose batches these are: part of every generator key. */
  String stage();

  /**
   * The engine coupling; reads nothing but the request and, for stored pairs, the shards — fetched
   * into this node's store first when they live on another node. Blocks while fetching.
   */
  Coupling open(ActorSystem<?> system);

  /** Pairs drawn afresh for every batch from the run's π0 and π1 (their pools, when the spec has them). */
  record FreshPairs(Pairing pairing, SourceSpec source, SourceSpec target, long seed, String stage)
      implements PairsRequest {
    @Override
    public Coupling open(ActorSystem<?> system) {
      // Same generator keys as the spec's own sources, so a pool here equals the spec's pool.
      IndependentCoupling independent = new IndependentCoupling(
          source.open(seed, "pi0"), target.open(seed, "pi1"), seed, stage);
      return pairing.couple(independent);
    }
  }

  /** One stored shard: pairs [from, to) of the coupling, in the artifact store under its SHA-256. */
  record Shard(int index, long from, long to, String sha256) implements CborSerializable {}

  /** Pairs sampled from shards in the artifact store of {@code artifacts}. */
  record StoredPairs(List<Shard> shards, ArtifactSource artifacts, int dim, long seed, String stage) implements PairsRequest {

    /** Decoded shards kept in memory: enough for a few shards' locality, small for big couplings. */
    private static final int RESIDENT_SHARDS = 4;

    @Override
    public Coupling open(ActorSystem<?> system) {
      NodeArtifacts store = NodeArtifacts.open(system, artifacts);
      List<PairShard> resolved = shards.stream().map(s -> resolve(store, s)).toList();
      return new StoredCoupling(resolved, dim, seed, stage, RESIDENT_SHARDS);
    }

    /** Fails at once on a missing shard, naming it, rather than at the batch that first draws from it. */
    private PairShard resolve(NodeArtifacts store, Shard s) {
      Path file = store.input(s.sha256(), "coupling shard " + s.index() + " (pairs " + s.from() + ".." + s.to()
          + ") of stage '" + stage + "', which must be regenerated if it is lost: re-run the stage that wrote it, or resume the run");
      return new PairShard(s.index(), s.from(), s.to(), file, s.sha256());
    }
  }
}
