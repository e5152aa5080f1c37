package org.reflow.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * How this process joins reflow's cluster, and the Pekko configuration that follows from it
 * ({@link #config()}, an overlay for {@code ReflowSystem.start}). The process that runs an
 * experiment is the seed (no seed addresses): it starts first and so is the cluster's oldest
 * member; {@code reflow node} processes join it.
 *
 * <p>Beyond loopback the cluster speaks mutual TLS only: a listening address other than 127.0.0.0/8,
 * ::1 or localhost without a TLS folder is refused, since anyone reaching the port could otherwise
 * join and send messages. See docs/cluster-security.md.
 *
 * @param host the address this process listens on and other members reach it at (not a wildcard)
 * @param port the port, 0 for any free one (read the chosen one from the cluster's self address)
 * @param seeds where the seed listens; empty when this process is the seed
 * @param roles this member's cluster roles (letters, digits, '-' and '_')
 * @param tls the node's folder made by {@code ops/cluster-certs}; empty for plain TCP on loopback
 */
public record ClusterTransport(String host, int port, List<SeedAddress> seeds, List<String> roles, Optional<Path> tls) {

  /** The actor system's name: a member's address is {@code pekko://reflow@host:port}. */
  public static final String SYSTEM_NAME = "reflow";
  /** The environment variable naming the TLS folder when no {@code --tls} is given. */
  public static final String TLS_ENVIRONMENT = "REFLOW_CLUSTER_TLS";

  static final int MAX_PORT = 65_535;

  /*
   * Split-brain resolver: keep-oldest, down-if-alone off. The oldest member is the seed, the process
   * that runs the experiment and holds its only journal writer; nodes are useless without it. So on
   * any split the side with the coordinator stays and the rest down themselves, a crashed node is
   * downed by the coordinator's side (its stage restarts elsewhere), and if the coordinator itself
   * is lost every node downs itself (down-if-alone on would instead keep the nodes and down the
   * coordinator when it is cut off from them all: the wrong half). keep-majority was not chosen: with
   * a coordinator and one node, a tie keeps the lowest address, which may be the node.
   *
   * Timings: a killed member is unreachable once heartbeats stop for acceptable-heartbeat-pause
   * (5 s: Pekko's 3 s with room for a collection pause on a busy training node), then downed once
   * membership has been stable for stable-after (7 s, Pekko's recommended minimum for clusters of
   * up to 5 members), then removed at the next gossip: about 13-15 s from kill to removal.
   */
  static final String STABLE_AFTER = "7s";
  static final String ACCEPTABLE_HEARTBEAT_PAUSE = "5s";

  /*
   * Artery's frame, kept at Pekko's default 256 KiB on purpose: pair batches cross nodes in elements
   * of at most 128 KiB of arrays and artifacts in chunks of at most 64 KiB; CBOR adds at most a
   * quarter to float arrays (5 bytes per float32), so every element fits one frame with room to spare.
   */
  static final String MAXIMUM_FRAME_SIZE = "256 KiB";

  /** TLS 1.3 only, with its AES-GCM suites: all JDK 17s have them; no RSA key exchange, no CBC. */
  static final List<String> TLS_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");

  public ClusterTransport {
    checkHost(host, "listening address");
    if (port < 0 || port > MAX_PORT) {
      throw new ClusterSetupException("--port " + port + " is out of range: give 0 to 65535 (0: any free port).");
    }
    seeds = List.copyOf(seeds);
    roles = List.copyOf(roles);
    for (String role : roles) {
      if (!role.matches("[A-Za-z0-9_-]+")) {
        throw new ClusterSetupException("The role '" + role + "' is not a role name: use letters, digits, '-' and '_'.");
      }
    }
    if (tls.isEmpty() && !isLoopback(host)) {
      throw new ClusterSetupException("reflow will not open its cluster port on " + host + " without TLS: " + host
          + " is not a loopback address, so anyone who reaches " + host + ":" + port + " could join the cluster and"
          + " send it messages. Make certificates with `ops/cluster-certs DIR NODE...`, then pass this node's folder"
          + " with --tls DIR/NODE or set " + TLS_ENVIRONMENT + "=DIR/NODE. To keep the cluster on this machine,"
          + " listen on 127.0.0.1 instead.");
    }
  }

  /**
   * The seed's transport: the process that runs an experiment, others join it.
   *
   * @throws ClusterSetupException if an argument cannot be used (the message says how to fix it)
   */
  public static ClusterTransport seed(String host, int port, Collection<String> roles, Optional<Path> tls) {
    return new ClusterTransport(host, port, List.of(), List.copyOf(roles), tls);
  }

  /**
   * A member that joins the seed(s) at {@code seedAddresses} ({@code host:port} each, at least one).
   *
   * @throws ClusterSetupException if an argument cannot be used (the message says how to fix it)
   */
  public static ClusterTransport joining(String host, int port, Collection<String> seedAddresses,
      Collection<String> roles, Optional<Path> tls) {
    if (seedAddresses.isEmpty()) {
      throw new ClusterSetupException("No address to join: give --join HOST:PORT, where the experiment's process listens.");
    }
    List<SeedAddress> seeds = seedAddresses.stream().map(SeedAddress::parse).toList();
    return new ClusterTransport(host, port, seeds, List.copyOf(roles), tls);
  }

  /** The TLS folder: {@code option} if given, else the folder {@value #TLS_ENVIRONMENT} names in {@code environment}. */
  public static Optional<Path> tlsFolder(Optional<Path> option, Map<String, String> environment) {
    if (option.isPresent()) {
      return option;
    }
    return Optional.ofNullable(environment.get(TLS_ENVIRONMENT)).filter(value -> !value.isBlank()).map(Path::of);
  }

  /** True if this process is the seed: it forms the cluster rather than joining one. */
  public boolean isSeed() {
    return seeds.isEmpty();
  }

  /**
   * The Pekko configuration of this member, to lay over reflow's own ({@code overrides} of
   * {@code ReflowSystem.start}). With a TLS folder, the folder is read and checked first.
   *
   * @throws ClusterSetupException if the TLS folder cannot be used (which file, what to do)
   */
  public Config config() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("pekko.actor.provider", "cluster");
    // Pekko's default, stated: Java serialization can run code chosen by the sender, so a message
    // that is not bound to a serializer (reflow binds CborSerializable to jackson-cbor) is refused,
    // on the way out and on the way in. jackson-cbor itself only reads classes bound to it.
    settings.put("pekko.actor.allow-java-serialization", "off");
    settings.put("pekko.actor.warn-about-java-serializer-usage", "on");
    settings.put("pekko.remote.artery.canonical.hostname", host);
    settings.put("pekko.remote.artery.canonical.port", port);
    settings.put("pekko.remote.artery.advanced.maximum-frame-size", MAXIMUM_FRAME_SIZE);
    tls.ifPresentOrElse(dir -> tlsSettings(TlsFolder.open(dir), settings),
        () -> settings.put("pekko.remote.artery.transport", "tcp"));
    settings.put("pekko.cluster.seed-nodes", seeds.stream().map(SeedAddress::pekkoAddress).toList());
    settings.put("pekko.cluster.roles", roles);
    settings.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    settings.put("pekko.cluster.split-brain-resolver.active-strategy", "keep-oldest");
    settings.put("pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone", "off");
    settings.put("pekko.cluster.split-brain-resolver.stable-after", STABLE_AFTER);
    settings.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause", ACCEPTABLE_HEARTBEAT_PAUSE);
    // A downed member (the losing side of a split, or every node when the coordinator is gone)
    // terminates its actor system, so its process ends instead of working for no one.
    settings.put("pekko.cluster.run-coordinated-shutdown-when-down", "on");
    return ConfigFactory.parseMap(settings, "reflow cluster transport (" + this + ")");
  }

  /**
   * Makes the started {@code system} a member: the seed joins itself, forming the cluster. A joining
   * member needs nothing more: its seed addresses (in {@link #config()}) make it join as it starts.
   */
  public void startMembership(ActorSystem<?> system) {
    if (isSeed()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  private static void tlsSettings(TlsFolder folder, Map<String, Object> settings) {
    settings.put("pekko.remote.artery.transport", "tls-tcp");
    settings.put("pekko.remote.artery.ssl.ssl-engine-provider", TlsEngineProvider.class.getName());
    settings.put(TlsEngineProvider.TLS_PATH, folder.dir().toString());
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    // The stores' paths for whoever reads the configuration; TlsEngineProvider opens them with the
    // password of the folder's owner-only file, so no password is set here.
    settings.put(engine + "key-store", folder.keyStoreFile().toString());
    settings.put(engine + "trust-store", folder.trustStoreFile().toString());
    settings.put(engine + "protocol", "TLSv1.3");
    settings.put(engine + "enabled-algorithms", TLS_SUITES);
    settings.put(engine + "require-mutual-authentication", "on");
    // ops/cluster-certs puts the node's address in its certificate: a peer must present the one
    // issued for the address it is reached at.
    settings.put(engine + "hostname-verification", "on");
  }

  static void checkHost(String host, String what) {
    if (host == null || host.isBlank() || !host.strip().equals(host) || host.contains("/")) {
      throw new ClusterSetupException("'" + host + "' is not a host name or IP address (the " + what + ").");
    }
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      throw new ClusterSetupException("The " + what + " " + host + " is a wildcard: give the address other members"
          + " reach this one at (its IP address or host name), or 127.0.0.1 to stay on this machine.");
    }
  }

  /** 127.0.0.0/8, ::1 and "localhost"; any other name counts as beyond loopback (no name is looked up). */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      return host.startsWith("127.") && Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
    }
    if (!host.contains(":")) {
      return false;
    }
    try {
      // an IPv6 literal (it has a ':'): parsed, never looked up
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Host, port, seeds, roles and the TLS folder's path: nothing secret. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>(List.of(host + ":" + port));
    parts.add(isSeed() ? "seed" : "joins " + seeds);
    parts.add("roles " + roles);
    parts.add(tls.map(dir -> "tls " + dir).orElse("tcp"));
    return "ClusterTransport[" + String.join(", ", parts) + "]";
  }
}
