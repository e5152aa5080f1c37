package org.reflow.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pair batches cut into frame-sized parts and joined back, on one node. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PairFramesTest {

  private static ActorSystem<Void> system;
  private static PairFrames frames;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "pair-frames", ConfigFactory.load());
    frames = new PairFrames(system);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  static PairBatch batch(long index, int count, int dim, long seed) {
    Random random = new Random(seed);
    float[] z0 = new float[count * dim];
    float[] z1 = new float[count * dim];
    for (int i = 0; i < z0.length; i++) {
      z0[i] = (float) random.nextGaussian();
      z1[i] = random.nextFloat();
    }
    return new PairBatch(index, count, dim, z0, z1);
  }

  private static <T> List<T> run(Source<T, ?> source) throws Exception {
    return source.runWith(Sink.seq(), system).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void batchesOfOneRowOfRowsNotDividingThePartsAndOfNoRowsComeBackEqual() throws Exception {
    List<PairBatch> batches = List.of(batch(7, 1, 784, 1), batch(8, 1000, 3, 2), batch(9, 0, 3, 3), batch(10, 257, 784, 4));
    int maxBytes = 20_000; // two rows of 784 values, 600 of 3

    List<PairBatchPart> parts = run(Source.from(batches).via(frames.split(maxBytes)));
    List<PairBatch> joined = run(Source.from(parts).via(PairFrames.join()));

    assertEquals(batches, joined);
    for (PairBatchPart part : parts) {
      assertTrue(frames.serializedSize(part) <= maxBytes, part + " serializes to " + frames.serializedSize(part));
    }
    assertEquals(1, parts.stream().filter(p -> p.batch() == 7).count());
    assertEquals(1, parts.stream().filter(p -> p.batch() == 9).count());
    assertTrue(parts.stream().filter(p -> p.batch() == 8).count() > 1);
    assertTrue(parts.stream().filter(p -> p.batch() == 10).count() > 1);
  }

  @Test
  void rowsPerPartFitTheLimitAndFillItToWithinAFewBytes() {
    for (int dim : new int[] {2, 3, 784}) {
      int rows = frames.rowsPerPart(dim, PairFrames.DEFAULT_MAX_BYTES);
      PairBatch batch = batch(Long.MAX_VALUE, rows + 1, dim, dim);
      assertTrue(frames.serializedSize(PairFrames.parts(batch, rows).get(0)) <= PairFrames.DEFAULT_MAX_BYTES);
      // a real part's header values are smaller than the widest ones rowsPerPart allows for: a few bytes
      int oneMore = frames.serializedSize(PairFrames.parts(batch, rows + 1).get(0));
      assertTrue(oneMore > PairFrames.DEFAULT_MAX_BYTES - 32, "dim " + dim + ": " + rows + " rows per part, one more is only "
          + oneMore + " bytes");
    }
  }

  @Test
  void joinRefusesABatchWithAMissingPart() {
    List<PairBatchPart> parts = new ArrayList<>(PairFrames.parts(batch(3, 10, 2, 5), 4));
    parts.remove(1);

    ExecutionException failure = assertThrows(ExecutionException.class, () -> run(Source.from(parts).via(PairFrames.join())));

    assertTrue(failure.getCause().getMessage().contains("part 2 of 3 of batch 3")
        && failure.getCause().getMessage().contains("part 1 of 3 of batch 3 was due"), failure.getCause().getMessage());
  }

  @Test
  void joinRefusesAStreamThatEndsInsideABatch() {
    List<PairBatchPart> parts = PairFrames.parts(batch(4, 10, 2, 6), 4).subList(0, 2);

    ExecutionException failure = assertThrows(ExecutionException.class, () -> run(Source.from(parts).via(PairFrames.join())));

    assertTrue(failure.getCause().getMessage().contains("ended after part 1 of 3 of batch 4"), failure.getCause().getMessage());
  }
}
