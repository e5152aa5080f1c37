package org.reflow.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.reflow.cluster.ClusterTransport;
import org.reflow.run.NodeGuardian;
import picocli.CommandLine.Option;

/**
 * {@code --port P [--host H] [--tls DIR] [--local-workers all|none]} of {@code run} and
 * {@code resume}: with a port, the run's process is the seed of a Pekko Cluster that
 * {@code reflow node --join H:P} processes join to offer their workers.
 */
final class ClusterOptions {

  /** Whether the coordinating process offers workers of its own. */
  enum LocalWorkers { all, none }

  @Option(names = "--port", paramLabel = "P",
      description = "Make this run's process the seed of a cluster, listening on port P (0: any free port);"
          + " 'reflow node --join HOST:P' processes then offer it their workers. Without it, no port is opened.")
  private Integer port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address the cluster port listens on and nodes reach (default: ${DEFAULT-VALUE})."
          + " Anything beyond loopback needs --tls.")
  private String host;

  @Option(names = "--tls", paramLabel = "DIR",
      description = "This process's certificate folder made by ops/cluster-certs (default: $REFLOW_CLUSTER_TLS):"
          + " the cluster then speaks mutual TLS. Required to listen beyond loopback.")
  private Path tls;

  @Option(names = "--local-workers", paramLabel = "all|none", defaultValue = "all",
      description = "all (default): this process trains, generates and evaluates too; none: it only coordinates,"
          + " and every stage runs on a node. Needs --port.")
  private LocalWorkers localWorkers;

  /** The seed's transport, or empty without --port. */
  Optional<ClusterTransport> transport() {
    if (port == null) {
      if (localWorkers == LocalWorkers.none) {
        throw new IllegalArgumentException("--local-workers none leaves this run no workers unless nodes can join:"
            + " give --port P too, then start 'reflow node --join " + host + ":P'");
      }
      return Optional.empty();
    }
    return Optional.of(ClusterTransport.seed(host, port, List.of(NodeGuardian.COORDINATOR_ROLE),
        ClusterTransport.tlsFolder(Optional.ofNullable(tls), System.getenv())));
  }

  boolean localWorkers() {
    return localWorkers == LocalWorkers.all;
  }

  /** The configuration overlay of {@code transport}, none without a cluster. */
  static Config config(Optional<ClusterTransport> transport) {
    return transport.map(ClusterTransport::config).orElse(ConfigFactory.empty());
  }
}
