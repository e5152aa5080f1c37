/**
 * How a reflow process takes part in a Pekko Cluster, and how artifacts move between nodes that
 * share no file system. {@link ClusterTransport} turns the bind address, the seed addresses, the
 * roles and an optional TLS folder into the configuration the actor system starts with (Artery over
 * TCP on loopback, mutual TLS beyond it, the split-brain resolver, serialization restricted to
 * reflow's own messages); {@link TlsFolder} reads and checks what {@code ops/cluster-certs} made for
 * a node; {@link TlsEngineProvider} hands its key stores to Artery without their password ever
 * entering the configuration. An {@link ArtifactServer} serves the coordinator's artifact store; a
 * worker's {@link ArtifactClient} fetches what it needs into its own store and publishes what it
 * made, every artifact verified by its hash on arrival. See docs/cluster-security.md.
 *
 * <p>May use: {@code experiment} (its settings and {@code CborSerializable} only), {@code store} and
 * Pekko. Used by: {@code bench}, {@code cli}, {@code run}, {@code work}.
 */
package org.reflow.cluster;
