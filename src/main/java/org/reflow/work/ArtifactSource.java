package org.reflow.work;

import org.apache.pekko.actor.typed.ActorRef;
import org.reflow.cluster.ArtifactServer;
import org.reflow.experiment.CborSerializable;

/**
 * Where a run's artifacts live: the coordinator's REFLOW_HOME and the {@link ArtifactServer} that
 * serves its store to workers on other nodes. A worker in the coordinator's JVM uses the home
 * directly; one on another node fetches into, and publishes from, its own home.
 */
public record ArtifactSource(String home, ActorRef<ArtifactServer.Command> server) implements CborSerializable {}
