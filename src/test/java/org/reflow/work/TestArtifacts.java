package org.reflow.work;

import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.reflow.cluster.ArtifactServer;
import org.reflow.store.ArtifactStore;

/** The artifacts of a test's home as a Conductor hands them to workers: the home and its ArtifactServer. */
final class TestArtifacts {

  private TestArtifacts() {}

  static ArtifactSource of(ActorTestKit testKit, Path home) {
    return new ArtifactSource(home.toString(), testKit.spawn(ArtifactServer.create(ArtifactStore.open(home))));
  }

  /** For messages that are only serialized: a probe stands in for the server. */
  static ArtifactSource probe(ActorTestKit testKit) {
    return new ArtifactSource("/runs", testKit.<ArtifactServer.Command>createTestProbe().getRef());
  }
}
