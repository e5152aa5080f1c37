package org.reflow.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.util.ByteString;
import org.reflow.experiment.CborSerializable;
import org.reflow.store.ArtifactStore;

/**
 * Serves one node's {@link ArtifactStore} (the coordinator's) to the others: hands out an
 * artifact's bytes as a {@link SourceRef} of chunks, says whether it holds an artifact intact, and
 * takes in an artifact another node offers, keeping it only when its bytes hash to its name. Every
 * hash received is checked to be 64 lower-case hex digits before the disk is touched, so no message
 * can name a file outside the store. Chunks are {@link ByteString}s of at most {@link #CHUNK_BYTES},
 * which Pekko serializes natively, well inside Artery's 256 KiB frame.
 */
public final class ArtifactServer {

  /** The most bytes in one chunk of an artifact stream. */
  public static final int CHUNK_BYTES = 64 * 1024;

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public sealed interface Command extends CborSerializable {}

  /** Asks for an artifact's bytes: answered with {@link Chunks} or {@link Refused}. */
  public record Fetch(String sha256, ActorRef<Fetched> replyTo) implements Command {}

  /** Asks whether the store holds an artifact intact: answered with {@link Held} or {@link Refused}. */
  public record Has(String sha256, ActorRef<Holding> replyTo) implements Command {}

  /**
   * Offers an artifact of {@code size} bytes, streamed as {@code chunks}: answered with {@link
   * Stored} once it is in the store under its name, or {@link Refused}.
   */
  public record Offer(String sha256, long size, SourceRef<ByteString> chunks, ActorRef<Offered> replyTo)
      implements Command {}

  /** The answer to {@link Fetch}. */
  public sealed interface Fetched extends CborSerializable {}

  /** The answer to {@link Has}. */
  public sealed interface Holding extends CborSerializable {}

  /** The answer to {@link Offer}. */
  public sealed interface Offered extends CborSerializable {}

  /** The artifact's {@code size} bytes, to be consumed once within 30 s. */
  public record Chunks(String sha256, long size, SourceRef<ByteString> chunks) implements Fetched {}

  public record Held(String sha256, boolean intact) implements Holding {}

  public record Stored(String sha256) implements Offered {}

  /** Why the server would not do it, in words a person can act on. */
  public record Refused(String sha256, String reason) implements Fetched, Holding, Offered {}

  private final ArtifactStore store;
  private final Materializer materializer;
  private final Executor blocking;
  private final String node;

  private ArtifactServer(ActorContext<Command> context, ArtifactStore store) {
    this.store = store;
    this.materializer = Materializer.matFromSystem(context.getSystem());
    this.blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.node = "node " + context.getSystem().address();
  }

  /** The server of {@code store}; stateless, so restarted on any failure. */
  public static Behavior<Command> create(ArtifactStore store) {
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new ArtifactServer(context, store).serving()))
        .onFailure(SupervisorStrategy.restart());
  }

  /** Whether {@code sha256} is 64 lower-case hex digits: the only names a store has. */
  static boolean isSha256(String sha256) {
    return sha256 != null && SHA256.matcher(sha256).matches();
  }

  static String notSha256(String sha256) {
    return "'" + sha256 + "' is not a SHA-256 (64 lower-case hex digits); artifacts are named by their hash";
  }

  private Behavior<Command> serving() {
    return Behaviors.receive(Command.class)
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(Has.class, this::onHas)
        .onMessage(Offer.class, this::onOffer)
        .build();
  }

  private Behavior<Command> onFetch(Fetch fetch) {
    if (!isSha256(fetch.sha256())) {
      fetch.replyTo().tell(new Refused(fetch.sha256(), notSha256(fetch.sha256())));
      return Behaviors.same();
    }
    CompletableFuture.supplyAsync(() -> chunksOf(fetch.sha256()), blocking)
        .whenComplete((answer, failure) -> fetch.replyTo().tell(failure == null ? answer
            : new Refused(fetch.sha256(), "cannot serve it: " + ArtifactTransferException.reasons(failure))));
    return Behaviors.same();
  }

  /** The artifact's bytes as a stream ref, verified as they go; refused when the store lacks it. */
  private Fetched chunksOf(String sha256) {
    Path file = store.path(sha256);
    if (!Files.isRegularFile(file)) {
      return new Refused(sha256, "artifact " + sha256 + " is not in the store of " + node
          + "; it must be regenerated or restored there");
    }
    SourceRef<ByteString> chunks = FileIO.fromPath(file, CHUNK_BYTES)
        .via(hashedAs(sha256, file))
        .runWith(StreamRefs.sourceRef(), materializer);
    return new Chunks(sha256, file.toFile().length(), chunks);
  }

  /**
   * Passes the chunks through and fails the stream at its end when they did not hash to {@code
   * sha256}: a file that changed on disk after it was named never reaches a receiver as complete.
   */
  private static Flow<ByteString, ByteString, ?> hashedAs(String sha256, Path file) {
    return Flow.<ByteString>create().statefulMap(
        ArtifactServer::digest,
        (digest, chunk) -> {
          digest.update(chunk.toByteBuffer());
          return Pair.create(digest, chunk);
        },
        digest -> {
          String actual = HexFormat.of().formatHex(digest.digest());
          if (!actual.equals(sha256)) {
            throw new IllegalStateException(file + " on the serving node is corrupt: its bytes hash to " + actual
                + ", not to its name " + sha256 + "; regenerate or restore the artifact in that node's store");
          }
          return Optional.empty();
        });
  }

  private static MessageDigest digest() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  private Behavior<Command> onHas(Has has) {
    if (!isSha256(has.sha256())) {
      has.replyTo().tell(new Refused(has.sha256(), notSha256(has.sha256())));
      return Behaviors.same();
    }
    CompletableFuture.supplyAsync(() -> store.isIntact(has.sha256()), blocking)
        .whenComplete((intact, failure) -> has.replyTo().tell(failure == null ? new Held(has.sha256(), intact)
            : new Refused(has.sha256(), "cannot check it: " + ArtifactTransferException.reasons(failure))));
    return Behaviors.same();
  }

  private Behavior<Command> onOffer(Offer offer) {
    if (!isSha256(offer.sha256())) {
      offer.replyTo().tell(new Refused(offer.sha256(), notSha256(offer.sha256())));
      return Behaviors.same();
    }
    Path temporary = store.temporary();
    offer.chunks().getSource()
        .limitWeighted(offer.size(), chunk -> (long) chunk.size())
        .runWith(FileIO.toPath(temporary), materializer)
        .thenApplyAsync(written -> store.adopt(temporary, offer.sha256(),
            "artifact offered by node " + offer.replyTo().path().address()), blocking)
        .whenComplete((stored, failure) -> {
          if (failure == null) {
            offer.replyTo().tell(new Stored(offer.sha256()));
          } else {
            deleteQuietly(temporary);
            offer.replyTo().tell(new Refused(offer.sha256(), "not stored: " + ArtifactTransferException.reasons(failure)));
          }
        });
    return Behaviors.same();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left in tmp/, which 'reflow gc' sweeps; the refusal sent says what went wrong
    }
  }
}
