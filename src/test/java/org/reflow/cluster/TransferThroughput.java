package org.reflow.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.reflow.store.ArtifactStore;
import org.reflow.work.PairBatch;
import org.reflow.work.PairBatchPart;
import org.reflow.work.PairFrames;

/**
 * Measures, on a two-node loopback cluster: a 50 MB artifact fetched from node A into node B's
 * store (median of 3), and pair streams of 256 x 2 and 256 x 784 batches cut by {@link PairFrames}
 * into a SourceRef on A and joined on B, against the same SourceRef consumed inside A. Run with
 * the test classpath: {@code java -cp ... org.reflow.cluster.TransferThroughput}.
 */
public final class TransferThroughput {

  private TransferThroughput() {}

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("reflow-throughput");
    try (TwoNodes nodes = TwoNodes.start()) {
      artifact(nodes, scratch);
      pairs(nodes, 256, 2, 20_000);
      pairs(nodes, 256, 784, 400);
    } finally {
      try (var walk = Files.walk(scratch)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void artifact(TwoNodes nodes, Path scratch) {
    ArtifactStore storeA = ArtifactStore.open(scratch.resolve("a"));
    byte[] bytes = new byte[50 << 20];
    new Random(1).nextBytes(bytes);
    String sha = storeA.put(file -> Files.write(file, bytes));
    ActorRef<ArtifactServer.Command> server = nodes.a.systemActorOf(ArtifactServer.create(storeA), "artifacts", Props.empty());
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ArtifactStore storeB = ArtifactStore.open(scratch.resolve("b" + i));
      long start = System.nanoTime();
      new ArtifactClient(nodes.b, nodes.seenFromB(server), storeB).ensure(sha, "50 MB artifact");
      rates.add(bytes.length / 1e6 / ((System.nanoTime() - start) / 1e9));
    }
    rates.sort(null);
    System.out.printf("artifact fetch A->B, 50 MB (incl. hashing on both ends): %s MB/s, median %.1f MB/s%n",
        rates.stream().map(r -> String.format("%.1f", r)).toList(), rates.get(1));
  }

  private static void pairs(TwoNodes nodes, int count, int dim, int batches) throws Exception {
    float[] z0 = new float[count * dim];
    float[] z1 = new float[count * dim];
    Random random = new Random(2);
    for (int i = 0; i < z0.length; i++) {
      z0[i] = (float) random.nextGaussian();
      z1[i] = (float) random.nextGaussian();
    }
    double mb = batches * 2.0 * count * dim * 4 / 1e6;
    for (boolean across : new boolean[] {false, true, false, true}) {
      SourceRef<PairBatchPart> ref = Source.range(1, batches).map(i -> new PairBatch(i, count, dim, z0, z1))
          .via(new PairFrames(nodes.a).split()).runWith(StreamRefs.sourceRef(), nodes.a);
      ActorSystem<Void> consumer = across ? nodes.b : nodes.a;
      long start = System.nanoTime();
      long received = (across ? nodes.carriedToB(ref) : ref).getSource().via(PairFrames.join())
          .runWith(Sink.fold(0L, (n, b) -> n + 1), consumer).toCompletableFuture().get(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("pairs %d x %d, %s: %d batches in %.2f s = %.0f batches/s, %.1f MB/s of float32%n", count, dim,
          across ? "across nodes " : "inside one JVM", received, seconds, received / seconds, mb / seconds);
    }
  }
}
