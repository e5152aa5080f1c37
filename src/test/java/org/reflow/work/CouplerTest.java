package org.reflow.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reflow.coupling.Coupling;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.coupling.MinibatchOtCoupling;
import org.reflow.data.Toys;
import org.reflow.spec.Pairing;
import org.reflow.spec.SourceSpec;

/** The Coupler's SourceRef carries exactly the engine's batches, from the batch asked for. */
class CouplerTest {

  private static final ActorTestKit TESTKIT = ActorTestKit.create(WorkTestConfig.config());

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void theSourceRefDeliversTheEnginesIndependentBatchesFromTheBatchAskedFor() throws Exception {
    var request = new PairsRequest.FreshPairs(Pairing.INDEPENDENT, new SourceSpec.Toy("gaussian", 0), new SourceSpec.Toy("moons", 0), 7, "rf1");
    assertStreamsTheEnginesBatches(request, new IndependentCoupling(Toys.byName("gaussian"), Toys.byName("moons"), 7, "rf1"),
        5, 64, 3);
  }

  @Test
  void minibatchOtBatchesFilledSideBySideArriveInOrderAsTheEngineFillsThemOneByOne() throws Exception {
    var request = new PairsRequest.FreshPairs(Pairing.MINIBATCH_OT, new SourceSpec.Toy("8gaussians", 0),
        new SourceSpec.Toy("moons", 0), 7, "ot");
    assertStreamsTheEnginesBatches(request,
        new MinibatchOtCoupling(new IndependentCoupling(Toys.byName("8gaussians"), Toys.byName("moons"), 7, "ot")), 3, 128, 12);
  }

  /** A Coupler's SourceRef for {@code request} from batch {@code from} carries {@code engine}'s batches, filled one by one. */
  private static void assertStreamsTheEnginesBatches(PairsRequest request, Coupling engine, long from, int batchSize,
      int count) throws Exception {
    ActorRef<Coupler.Command> coupler = TESTKIT.spawn(Coupler.create());
    TestProbe<Coupler.SourceRefReply> reply = TESTKIT.createTestProbe();
    coupler.tell(new Coupler.OpenPairs(request, from, batchSize, reply.getRef()));

    List<PairBatch> batches = reply.receiveMessage().pairs().getSource().via(PairFrames.join()).take(count)
        .runWith(Sink.seq(), TESTKIT.system()).toCompletableFuture().get();

    float[] z0 = new float[batchSize * 2];
    float[] z1 = new float[batchSize * 2];
    for (int i = 0; i < count; i++) {
      PairBatch b = batches.get(i);
      engine.fill(from + i, z0, z1, batchSize);
      assertEquals(from + i, b.index());
      assertEquals(batchSize, b.count());
      assertEquals(2, b.dim());
      assertArrayEquals(z0, b.z0(), "z0 of batch " + b.index());
      assertArrayEquals(z1, b.z1(), "z1 of batch " + b.index());
    }
  }

  @Test
  void aCouplerIsFoundThroughTheReceptionist() {
    ActorRef<Coupler.Command> coupler = TESTKIT.spawn(Coupler.create());
    TestProbe<Receptionist.Listing> listing = TESTKIT.createTestProbe();
    // Registration is asynchronous: ask until this Coupler shows up.
    listing.awaitAssert(Duration.ofSeconds(3), () -> {
      TESTKIT.system().receptionist().tell(Receptionist.find(Coupler.KEY, listing.getRef()));
      assertTrue(listing.receiveMessage().getServiceInstances(Coupler.KEY).contains(coupler));
      return null;
    });
  }

  @Test
  void aRequestThatCannotBeServedFailsTheStreamWithItsReason() {
    ActorRef<Coupler.Command> coupler = TESTKIT.spawn(Coupler.create());
    TestProbe<Coupler.SourceRefReply> reply = TESTKIT.createTestProbe();
    coupler.tell(new Coupler.OpenPairs(
        new PairsRequest.FreshPairs(Pairing.INDEPENDENT, new SourceSpec.Toy("gausian", 0), new SourceSpec.Toy("moons", 0), 7, "rf1"), 0, 8, reply.getRef()));
    var done = reply.receiveMessage().pairs().getSource().runWith(Sink.ignore(), TESTKIT.system()).toCompletableFuture();
    var e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, done::get);
    assertTrue(String.valueOf(e.getCause()).contains("did you mean 'gaussian'"), String.valueOf(e.getCause()));
  }
}
