/**
 * The cluster between reflow nodes: its transport, and artifact transfer between nodes that share
 * no file system. An {@link org.reflow.cluster.ArtifactServer} serves the coordinator's artifact
 * store; a worker's {@link org.reflow.cluster.ArtifactClient} fetches what it needs into its own
 * store and publishes what it made, every artifact verified by its hash on arrival.
 *
 * <p>May use: {@code experiment} ({@code CborSerializable}, settings), {@code store}, Pekko. Used
 * by: {@code work}, {@code run}, {@code cli}.
 */
package org.reflow.cluster;
