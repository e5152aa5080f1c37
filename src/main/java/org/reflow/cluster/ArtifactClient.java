package org.reflow.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.SourceRef;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.apache.pekko.util.ByteString;
import org.reflow.store.ArtifactStore;
import org.reflow.store.CorruptArtifactException;

/**
 * A worker's side of artifact transfer: makes an artifact present in the worker's own store
 * ({@link #ensure}) or in the coordinator's ({@link #publish}), through the coordinator's {@link
 * ArtifactServer}. Calls block, so a worker makes them on its numeric dispatcher's threads, never
 * on Pekko's default dispatcher. When worker and coordinator share one store (the same node), no
 * byte is copied: {@code ensure} finds the artifact locally and the server says it has it.
 */
public final class ArtifactClient {

  /** How long any one answer or transfer may take at least. */
  static final Duration BASE_TIMEOUT = Duration.ofMinutes(2);

  /** Added to a transfer's timeout per byte: a transfer slower than 1 MiB/s on top of the base is given up. */
  private static final double SECONDS_PER_BYTE = 1.0 / (1 << 20);

  private final ActorSystem<?> system;
  private final ActorRef<ArtifactServer.Command> server;
  private final ArtifactStore local;

  public ArtifactClient(ActorSystem<?> system, ActorRef<ArtifactServer.Command> server, ArtifactStore local) {
    this.system = system;
    this.server = server;
    this.local = local;
  }

  /**
   * The path of artifact {@code sha256} in the local store, verified: fetched from the server first
   * when it is missing here (or corrupt here).
   *
   * @param what what the artifact is, for errors: "teacher checkpoint ck-… of stage rf1"
   * @throws IllegalArgumentException when {@code sha256} is not a SHA-256
   * @throws ArtifactTransferException when the server refused it, the transfer failed or timed out
   * @throws CorruptArtifactException when the bytes that arrived do not hash to {@code sha256}
   */
  public Path ensure(String sha256, String what) {
    requireSha256(sha256, what);
    if (local.isIntact(sha256)) {
      return local.path(sha256);
    }
    ArtifactServer.Fetched answer = ask(replyTo -> new ArtifactServer.Fetch(sha256, replyTo), "fetching the " + what);
    if (answer instanceof ArtifactServer.Refused refused) {
      throw new ArtifactTransferException("the " + what + " (" + sha256 + ") cannot be fetched from " + server.path()
          + ": " + refused.reason());
    }
    ArtifactServer.Chunks chunks = (ArtifactServer.Chunks) answer;
    Path temporary = local.temporary();
    try {
      await(chunks.chunks().getSource().runWith(FileIO.toPath(temporary), system),
          transferTimeout(chunks.size()), "fetching the " + what + " (" + sha256 + ", " + chunks.size() + " bytes) from "
              + server.path());
      return local.adopt(temporary, sha256, what + " fetched from " + server.path());
    } finally {
      deleteQuietly(temporary);
    }
  }

  /**
   * Makes sure the server's store holds artifact {@code sha256} intact, offering it from the local
   * store when it does not; returns once the server has it, so it may then be reported.
   *
   * @param what what the artifact is, for errors: "checkpoint ck-… of stage rf2"
   * @throws CorruptArtifactException when the local copy is missing or corrupt
   * @throws ArtifactTransferException when the server refused it, the transfer failed or timed out
   */
  public void publish(String sha256, String what) {
    requireSha256(sha256, what);
    ArtifactServer.Holding holding = ask(replyTo -> new ArtifactServer.Has(sha256, replyTo), "asking for the " + what);
    if (holding instanceof ArtifactServer.Held held && held.intact()) {
      return;
    }
    refuseOn(holding, what);
    Path file = local.verified(sha256, what);
    long size = file.toFile().length();
    SourceRef<ByteString> chunks = FileIO.fromPath(file, ArtifactServer.CHUNK_BYTES).runWith(StreamRefs.sourceRef(), system);
    ArtifactServer.Offered offered = await(
        AskPattern.<ArtifactServer.Command, ArtifactServer.Offered>ask(server,
            replyTo -> new ArtifactServer.Offer(sha256, size, chunks, replyTo), transferTimeout(size), system.scheduler()),
        transferTimeout(size), "publishing the " + what + " (" + sha256 + ", " + size + " bytes) to " + server.path());
    refuseOn(offered, what);
  }

  /** Whether the server's store holds artifact {@code sha256} intact; nothing is transferred. */
  public boolean held(String sha256, String what) {
    requireSha256(sha256, what);
    ArtifactServer.Holding holding = ask(replyTo -> new ArtifactServer.Has(sha256, replyTo), "asking for the " + what);
    return holding instanceof ArtifactServer.Held held && held.intact();
  }

  private void refuseOn(Object answer, String what) {
    if (answer instanceof ArtifactServer.Refused refused) {
      throw new ArtifactTransferException("the " + what + " (" + refused.sha256() + ") was not published to "
          + server.path() + ": " + refused.reason());
    }
  }

  private static void requireSha256(String sha256, String what) {
    if (!ArtifactServer.isSha256(sha256)) {
      throw new IllegalArgumentException("the " + what + ": " + ArtifactServer.notSha256(sha256));
    }
  }

  private <R> R ask(Function<ActorRef<R>, ArtifactServer.Command> message, String doing) {
    return await(AskPattern.ask(server, message::apply, BASE_TIMEOUT, system.scheduler()), BASE_TIMEOUT, doing);
  }

  static Duration transferTimeout(long bytes) {
    return BASE_TIMEOUT.plusSeconds((long) Math.ceil(bytes * SECONDS_PER_BYTE));
  }

  private <T> T await(CompletionStage<T> stage, Duration timeout, String doing) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ArtifactTransferException(doing + " took longer than " + timeout.toSeconds() + " s; check that the node of "
          + server.path() + " is up and reachable", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException) {
        throw new ArtifactTransferException(doing + " got no answer within " + timeout.toSeconds() + " s; check that the node of "
            + server.path() + " is up and reachable", cause);
      }
      throw new ArtifactTransferException(doing + " failed: " + ArtifactTransferException.reasons(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArtifactTransferException(doing + " was interrupted", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left in tmp/, which 'reflow gc' sweeps; the failure being thrown says what went wrong
    }
  }
}
