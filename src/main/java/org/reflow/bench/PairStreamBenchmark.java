package org.reflow.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.reflow.cluster.ClusterTransport;
import org.reflow.work.PairBatch;
import org.reflow.work.PairBatchPart;
import org.reflow.work.PairFrames;

/**
 * Pair batches streamed as a Trainer takes them — cut into frame-sized parts on one node, joined
 * on the other — across a two-node cluster on loopback (Artery TCP, reflow's own transport
 * configuration), against the same SourceRef consumed inside the producing JVM. Rounds alternate
 * inside and across so drift hits both; the median of each is reported.
 */
final class PairStreamBenchmark {

  private PairStreamBenchmark() {}

  /** The toy's 256 x 2 batches and 256 x 784 ones (Fashion-MNIST-sized), inside one JVM and across nodes. */
  static List<Map<String, Object>> run(boolean quick) throws Exception {
    ActorSystem<Void> a = ActorSystem.create(Behaviors.empty(), ClusterTransport.SYSTEM_NAME,
        config(ClusterTransport.seed("127.0.0.1", 0, List.of(), Optional.empty())));
    ActorSystem<Void> b = null;
    try {
      ClusterTransport.seed("127.0.0.1", 0, List.of(), Optional.empty()).startMembership(a);
      String seed = "127.0.0.1:" + a.address().port().get();
      b = ActorSystem.create(Behaviors.empty(), ClusterTransport.SYSTEM_NAME,
          config(ClusterTransport.joining("127.0.0.1", 0, List.of(seed), List.of(), Optional.empty())));
      awaitUp(a, b);
      List<Map<String, Object>> out = new ArrayList<>();
      out.add(measure(a, b, 256, 2, quick ? 2_000 : 20_000, quick ? 1 : 3));
      out.add(measure(a, b, 256, 784, quick ? 50 : 400, quick ? 1 : 3));
      return out;
    } finally {
      for (ActorSystem<Void> system : new ArrayList<>(java.util.Arrays.asList(b, a))) {
        if (system != null) {
          system.terminate();
          system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static Config config(ClusterTransport transport) {
    // two members in one JVM: one cluster MBean is all JMX can register
    return transport.config().withFallback(ConfigFactory.parseMap(Map.of("pekko.coordinated-shutdown.exit-jvm", "off",
        "pekko.cluster.jmx.enabled", "off"))).withFallback(ConfigFactory.load());
  }

  private static void awaitUp(ActorSystem<?> a, ActorSystem<?> b) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (up(a) < 2 || up(b) < 2) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the benchmark's two nodes did not form a cluster on loopback within 60 s");
      }
      Thread.sleep(50);
    }
  }

  private static long up(ActorSystem<?> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count();
  }

  private static Map<String, Object> measure(ActorSystem<Void> a, ActorSystem<Void> b, int count, int dim, int batches,
      int rounds) throws Exception {
    float[] z0 = new float[count * dim];
    float[] z1 = new float[count * dim];
    Random random = new Random(2);
    for (int i = 0; i < z0.length; i++) {
      z0[i] = (float) random.nextGaussian();
      z1[i] = (float) random.nextGaussian();
    }
    List<Double> inside = new ArrayList<>();
    List<Double> across = new ArrayList<>();
    PairFrames frames = new PairFrames(a);
    for (int round = 0; round <= rounds; round++) { // round 0 warms both paths up and is not counted
      for (boolean remote : new boolean[] {false, true}) {
        SourceRef<PairBatchPart> ref = Source.range(1, batches).map(i -> new PairBatch(i, count, dim, z0, z1))
            .via(frames.split()).runWith(StreamRefs.sourceRef(), a);
        long start = System.nanoTime();
        long received = (remote ? carried(ref, a, b) : ref).getSource().via(PairFrames.join())
            .runWith(Sink.fold(0L, (n, x) -> n + 1), remote ? b : a).toCompletableFuture().get(10, TimeUnit.MINUTES);
        double perSecond = received / ((System.nanoTime() - start) / 1e9);
        if (round > 0) {
          (remote ? across : inside).add(perSecond);
        }
      }
    }
    double megabytes = 2.0 * count * dim * 4 / 1e6;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batch", count + " x " + dim);
    out.put("batches_per_round", batches);
    out.put("inside_one_jvm_batches_per_second", inside);
    out.put("across_nodes_batches_per_second", across);
    out.put("inside_one_jvm_mb_per_second_median", median(inside) * megabytes);
    out.put("across_nodes_mb_per_second_median", median(across) * megabytes);
    out.put("across_over_inside", median(across) / median(inside));
    return out;
  }

  /** {@code ref} as node B reads it from a message node A sent: serialized on A, deserialized on B. */
  @SuppressWarnings("unchecked")
  private static <T> T carried(T message, ActorSystem<?> a, ActorSystem<?> b) {
    Serialization from = SerializationExtension.get(Adapter.toClassic(a));
    byte[] bytes = from.serialize(message).get();
    var serializer = from.findSerializerFor(message);
    return (T) SerializationExtension.get(Adapter.toClassic(b))
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
