package org.reflow.work;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.reflow.cluster.ArtifactClient;
import org.reflow.store.ArtifactStore;

/**
 * A worker's artifacts for one order: inputs made present in this node's store (fetched from the
 * coordinator when they are not), outputs stored here and published to the coordinator before they
 * are reported — so the coordinator holds every artifact an event names. In the coordinator's JVM
 * this node's store is the coordinator's: nothing is asked or copied. Calls block: numeric threads only.
 */
final class NodeArtifacts {

  private final Path home;
  private final ArtifactStore store;
  /** Empty in the coordinator's JVM. */
  private final Optional<ArtifactClient> client;

  private NodeArtifacts(Path home, ArtifactStore store, Optional<ArtifactClient> client) {
    this.home = home;
    this.store = store;
    this.client = client;
  }

  /** The artifacts of {@code source} as a worker of {@code system} sees them. */
  static NodeArtifacts open(ActorSystem<?> system, ArtifactSource source) {
    boolean sameJvm = !source.server().path().address().hasGlobalScope();
    Path home = sameJvm ? Path.of(source.home()) : Path.of(system.settings().config().getString("reflow.home"));
    ArtifactStore store = ArtifactStore.open(home);
    return new NodeArtifacts(home, store, sameJvm ? Optional.empty() : Optional.of(new ArtifactClient(system, source.server(), store)));
  }

  /** This node's home: the run's in the coordinator's JVM, the node's own cache on another machine. */
  Path home() {
    return home;
  }

  /** The verified local file of an input artifact, fetched first when this node lacks it. */
  Path input(String sha256, String what) {
    return client.isPresent() ? client.get().ensure(sha256, what) : store.verified(sha256, what);
  }

  /** Stores what {@code writer} writes, publishes it to the coordinator and returns its SHA-256. */
  String output(ArtifactStore.Writer writer, String what) {
    String sha = store.put(writer);
    client.ifPresent(c -> c.publish(sha, what));
    return sha;
  }

  /** Whether the coordinator holds the artifact intact (a kept coupling shard need not be made again). */
  boolean held(String sha256, String what) {
    return client.isPresent() ? client.get().held(sha256, what) : store.isIntact(sha256);
  }
}
