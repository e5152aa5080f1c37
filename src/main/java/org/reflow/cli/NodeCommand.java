package org.reflow.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.reflow.cluster.ClusterSetupException;
import org.reflow.cluster.ClusterTransport;
import org.reflow.experiment.ReflowSettings;
import org.reflow.experiment.ReflowSystem;
import org.reflow.run.NodeGuardian;
import org.reflow.work.WorkerNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reflow node}: a worker node. Joins the cluster of a run started with {@code --port} and
 * offers the workers of its roles until stopped; rejoins when its coordinator is gone (so a resumed
 * run on the same address finds it again).
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a worker node: joins the cluster of 'reflow run FILE --port P' (or 'reflow resume RUN --port P')"
          + " at --join HOST:P and offers it trainers, simulators, evaluators and a coupler until stopped.",
      "It fetches the checkpoints and coupling shards it needs from the coordinator into its own --home (a cache)"
          + " and sends back what it makes; no shared file system is needed.",
      "SIGTERM (Ctrl-C) leaves the cluster: the stage it was training restarts on another worker from its last"
          + " recorded checkpoint. When the coordinator goes away the node waits and rejoins the same address."
    })
final class NodeCommand implements Callable<Integer> {

  /** Between a coordinator's end and the next attempt to join: its port needs a moment to be free again. */
  private static final Duration REJOIN_PAUSE = Duration.ofSeconds(2);

  @Option(names = "--join", required = true, paramLabel = "HOST:PORT",
      description = "Where the run's process listens (what 'reflow run --port' printed).")
  private String join;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0",
      description = "The port this node listens on (default: any free port).")
  private int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address this node listens on and others reach it at (default: ${DEFAULT-VALUE});"
          + " beyond loopback it needs --tls.")
  private String host;

  @Option(names = "--roles", paramLabel = "ROLE[,ROLE...]", defaultValue = "trainer,simulator,evaluator,coupler",
      description = "What this node offers (default: ${DEFAULT-VALUE}).")
  private String roles;

  @Option(names = "--threads", paramLabel = "N",
      description = "Numeric threads: how many trainers, simulators and evaluators compute at once"
          + " (default: reflow.numeric-dispatcher, 2). Each gets cores / N BLAS threads (at least 1), unless"
          + " OMP_NUM_THREADS is set.")
  private Integer threads;

  @Option(names = "--tls", paramLabel = "DIR",
      description = "This node's certificate folder made by ops/cluster-certs (default: $REFLOW_CLUSTER_TLS).")
  private Path tls;

  @Option(names = "--home", paramLabel = "DIR",
      description = "This node's cache of artifacts fetched from and made for its coordinators"
          + " (default: $REFLOW_HOME, else ./runs). A node opens no journal.")
  private Path home;

  @Override
  public Integer call() throws InterruptedException {
    Set<WorkerNode.Role> offered;
    ClusterTransport transport;
    try {
      offered = WorkerNode.Role.parse(roles);
      transport = ClusterTransport.joining(host, port, List.of(join),
          offered.stream().map(WorkerNode.Role::yamlName).toList(), ClusterTransport.tlsFolder(Optional.ofNullable(tls), System.getenv()));
    } catch (IllegalArgumentException | ClusterSetupException e) {
      System.err.println("reflow node: " + e.getMessage());
      return 2;
    }
    if (threads != null && threads < 1) {
      System.err.println("reflow node: --threads " + threads + " is not a thread count; give 1 or more");
      return 2;
    }
    // A node usually starts before its coordinator (or outlives it): ask the seed every second, not every 5 s.
    Config overrides = ConfigFactory.parseMap(Map.of("pekko.cluster.seed-node-timeout", "1s"))
        .withFallback(transport.config())
        .withFallback(home == null ? ConfigFactory.empty() : ConfigFactory.parseMap(Map.of("reflow.home", home.toString())));
    if (threads != null) {
      overrides = ConfigFactory.parseMap(Map.of(ReflowSettings.NUMERIC_DISPATCHER + ".thread-pool-executor.fixed-pool-size",
          threads)).withFallback(overrides);
    }
    Config config;
    try {
      config = ReflowSystem.config(overrides);
    } catch (RuntimeException e) {
      System.err.println("reflow node: " + e.getMessage());
      return 2;
    }
    ReflowSettings.Workers counts = ReflowSettings.from(config).workers();
    // While the coordinator is away, Artery retries its connection every few seconds: not worth a warning each time.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.pekko.stream.Materializer", "error");
    while (true) {
      ActorSystem<?> system = ActorSystem.create(NodeGuardian.create(offered, counts), ClusterTransport.SYSTEM_NAME, config);
      var self = system.address();
      String me = self.host().get() + ":" + self.port().get();
      System.out.println("node " + me + ": joining " + join + " as " + offered.stream().map(WorkerNode.Role::yamlName)
          .collect(Collectors.joining(", ")) + "; home " + config.getString("reflow.home"));
      org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() ->
          System.out.println("node " + me + ": up in the cluster of " + join));
      system.getWhenTerminated().toCompletableFuture().join();
      Optional<CoordinatedShutdown.Reason> why = CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason();
      boolean rejoin = why.isPresent() && (why.get() == NodeGuardian.COORDINATOR_GONE
          || why.get() instanceof CoordinatedShutdown.ClusterDowningReason$);
      if (!rejoin) {
        System.out.println("node " + me + ": left the cluster");
        return 0;
      }
      System.out.println("node " + me + ": the coordinator at " + join + " is gone; rejoining when it is back");
      Thread.sleep(REJOIN_PAUSE.toMillis());
    }
  }
}
