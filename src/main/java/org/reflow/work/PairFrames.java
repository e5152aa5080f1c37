package org.reflow.work;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Cuts pair batches into {@link PairBatchPart}s that each fit one Artery frame, and joins them
 * back. A 256 x 784 batch is ~1.6 MB of float32, far past Artery's 256 KiB {@code
 * maximum-frame-size}; its parts cross a {@code SourceRef} as ordinary messages. The rows per part are sized from the part's actual serialized size, measured with the
 * serializer Pekko will use, so a change of serializer cannot silently overflow the frame.
 */
public final class PairFrames {

  /** Half of Artery's default 256 KiB frame, leaving room for the envelope and the stream ref's own framing. */
  public static final int DEFAULT_MAX_BYTES = 128 * 1024;

  private final Serialization serialization;

  public PairFrames(ActorSystem<?> system) {
    this.serialization = SerializationExtension.get(Adapter.toClassic(system));
  }

  /** {@link #split(int)} at {@link #DEFAULT_MAX_BYTES}. */
  public Flow<PairBatch, PairBatchPart, NotUsed> split() {
    return split(DEFAULT_MAX_BYTES);
  }

  /** Each batch as parts of at most {@code maxBytes} serialized, in row order. */
  public Flow<PairBatch, PairBatchPart, NotUsed> split(int maxBytes) {
    return Flow.<PairBatch>create().statefulMapConcat(() -> {
      int[] sized = {-1, 0}; // dim, rows per part: a stream's batches share one dim
      return batch -> {
        if (batch.dim() != sized[0]) {
          sized[1] = rowsPerPart(batch.dim(), maxBytes);
          sized[0] = batch.dim();
        }
        return parts(batch, sized[1]);
      };
    });
  }

  /**
   * The most rows of {@code dim} values whose part serializes to at most {@code maxBytes}, with the
   * largest header values a part can carry: found by bisection on measured sizes (the size grows
   * with the rows, but not in equal steps: CBOR's length prefixes widen at 24, 256 and 65,536 bytes).
   */
  public int rowsPerPart(int dim, int maxBytes) {
    int one = serializedSize(dim, 1);
    if (one > maxBytes) {
      throw new IllegalArgumentException("one pair of " + dim + " values serializes to " + one + " bytes, more than a part's "
          + maxBytes + "; raise the part size (and Artery's maximum-frame-size with it)");
    }
    int fits = 1;
    int tooMany = maxBytes / (2 * Math.max(1, dim)) + 2; // every value takes a byte at least
    while (tooMany - fits > 1) {
      int rows = (fits + tooMany) >>> 1;
      if (serializedSize(dim, rows) <= maxBytes) {
        fits = rows;
      } else {
        tooMany = rows;
      }
    }
    return fits;
  }

  /** A part of {@code rows} varied values (no serializer may compress them away) with the widest header. */
  private int serializedSize(int dim, int rows) {
    byte[] values = new byte[Float.BYTES * rows * dim];
    floats(values).put(probe(rows * dim));
    return serializedSize(new PairBatchPart(Long.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE, Integer.MAX_VALUE,
        dim, Integer.MAX_VALUE - rows, rows, values, values));
  }

  private static float[] probe(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) Math.sin(i + 0.5);
    }
    return values;
  }

  /** The serialized size of a part, as Pekko would send it. */
  public int serializedSize(PairBatchPart part) {
    return serialization.serialize(part).get().length;
  }

  /** A batch cut into parts of at most {@code rowsPerPart} rows (one part for an empty batch). */
  public static List<PairBatchPart> parts(PairBatch batch, int rowsPerPart) {
    int count = batch.count();
    int dim = batch.dim();
    int parts = Math.max(1, (count + rowsPerPart - 1) / rowsPerPart);
    List<PairBatchPart> out = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = p * rowsPerPart;
      int rows = Math.min(rowsPerPart, count - from);
      byte[] z0 = new byte[Float.BYTES * rows * dim];
      byte[] z1 = new byte[Float.BYTES * rows * dim];
      floats(z0).put(batch.z0(), from * dim, rows * dim);
      floats(z1).put(batch.z1(), from * dim, rows * dim);
      out.add(new PairBatchPart(batch.index(), p, parts, count, dim, from, rows, z0, z1));
    }
    return out;
  }

  /** A part's bytes seen as its float32 values (little-endian). */
  private static FloatBuffer floats(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }

  /**
   * The batches whose parts arrive, in order. Fails the stream, naming the batch and part, when a
   * part is missing, repeated or out of order, or the stream ends inside a batch.
   */
  public static Flow<PairBatchPart, PairBatch, NotUsed> join() {
    return Flow.<PairBatchPart>create()
        .statefulMap(Assembly::new, (assembly, part) -> Pair.create(assembly, assembly.add(part)), Assembly::finish)
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  /** The batch being joined: the parts so far, and which part must come next. */
  private static final class Assembly {
    private PairBatchPart first;
    private int next;
    private int filledRows;
    private float[] z0;
    private float[] z1;

    Optional<PairBatch> add(PairBatchPart part) {
      if (first == null) {
        if (part.part() != 0) {
          throw lost("part " + part.part() + " of " + part.parts() + " of batch " + part.batch() + " arrived first");
        }
        first = part;
        z0 = new float[part.count() * part.dim()];
        z1 = new float[part.count() * part.dim()];
      } else if (part.batch() != first.batch() || part.part() != next || part.parts() != first.parts()
          || part.count() != first.count() || part.dim() != first.dim()) {
        throw lost("part " + part.part() + " of " + part.parts() + " of batch " + part.batch() + " arrived where part " + next + " of " + first.parts() + " of batch " + first.batch() + " was due");
      }
      if (part.rowOffset() != filledRows) {
        throw lost(part + " starts at row " + part.rowOffset() + " but the parts before it end at row " + filledRows);
      }
      floats(part.z0()).get(z0, part.rowOffset() * part.dim(), part.rows() * part.dim());
      floats(part.z1()).get(z1, part.rowOffset() * part.dim(), part.rows() * part.dim());
      filledRows += part.rows();
      next++;
      if (next < first.parts()) {
        return Optional.empty();
      }
      if (filledRows != first.count()) {
        throw lost("batch " + first.batch() + "'s " + first.parts() + " parts hold " + filledRows + " rows, not " + first.count());
      }
      PairBatch batch = new PairBatch(first.batch(), first.count(), first.dim(), z0, z1);
      first = null;
      next = 0;
      filledRows = 0;
      return Optional.of(batch);
    }

    /** Nothing more to emit at the end of the stream, or a failure when it ended inside a batch. */
    Optional<Optional<PairBatch>> finish() {
      if (first != null) {
        String ended = "the stream ended after part " + (next - 1) + " of " + first.parts() + " of batch " + first.batch();
        throw lost(ended);
      }
      return Optional.empty();
    }

    /** The failure, the assembly emptied: the stream ends on this failure, not on the unfinished batch it leaves. */
    private IllegalStateException lost(String what) {
      first = null;
      return new IllegalStateException("pair batch parts lost or out of order: " + what
          + "; the pair stream must be reopened from the last complete batch");
    }
  }
}
