package org.reflow.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reflow.cluster.TwoNodes;

/**
 * A pair batch of the largest size a spec can configure crosses a real two-node cluster. A spec
 * bounds neither {@code train.batch} nor the data's dimension, so the batch is 4096 pairs of
 * 784 values (Fashion-MNIST's), ~25 MB of float32, a hundred times Artery's frame.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PairBatchesAcrossNodesTest {

  @Test
  void aBatchOf4096By784PairsSplitOnOneNodeArrivesEqualOnTheOther() throws Exception {
    try (TwoNodes nodes = TwoNodes.start()) {
      List<PairBatch> sent = List.of(PairFramesTest.batch(41, 4096, 784, 1), PairFramesTest.batch(42, 3, 784, 2));
      SourceRef<PairBatchPart> onA = Source.from(sent).via(new PairFrames(nodes.a).split())
          .runWith(StreamRefs.sourceRef(), nodes.a);

      SourceRef<PairBatchPart> onB = nodes.carriedToB(onA);
      List<PairBatch> received = onB.getSource().via(PairFrames.join()).runWith(Sink.seq(), nodes.b)
          .toCompletableFuture().get(2, TimeUnit.MINUTES);

      assertTrue(onB != onA);
      assertEquals(sent, received);
    }
  }
}
