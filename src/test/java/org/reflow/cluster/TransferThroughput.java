package org.reflow.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.reflow.store.ArtifactStore;

/**
 * Measures, on a two-node loopback cluster, a 50 MB artifact fetched from node A into node B's
 * store (median of 3). Run with the test classpath: {@code java -cp ...
 * org.reflow.cluster.TransferThroughput}. Pair streams across nodes are measured by {@code reflow
 * bench --cluster}.
 */
public final class TransferThroughput {

  private TransferThroughput() {}

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("reflow-throughput");
    try (TwoNodes nodes = TwoNodes.start()) {
      artifact(nodes, scratch);
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
}
