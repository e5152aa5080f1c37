package org.reflow.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.reflow.store.ArrayFormatException;

/**
 * Reads an IDX file of unsigned bytes (LeCun's MNIST format, which Fashion-MNIST keeps): a
 * big-endian header {@code 0x00 0x00 0x08 ndims}, {@code ndims} big-endian int32 sizes, then the
 * bytes row-major. A file that starts with gzip's magic is inflated on the fly.
 */
public final class Idx {

  /** The type code of unsigned bytes, the only one image and label files use. */
  private static final int UNSIGNED_BYTE = 0x08;

  /**
   * An IDX array: {@code shape} and its {@code values} row-major, each an unsigned byte.
   *
   * @param shape e.g. [60000, 28, 28] for images, [60000] for labels
   */
  public record Array(int[] shape, byte[] values) {

    /** The number of items: the first dimension. */
    public int count() {
      return shape[0];
    }

    /** The values per item: the product of every dimension after the first. */
    public int itemSize() {
      int size = 1;
      for (int i = 1; i < shape.length; i++) {
        size *= shape[i];
      }
      return size;
    }

    public int unsigned(int index) {
      return values[index] & 0xff;
    }
  }

  private Idx() {}

  /**
   * @throws ArrayFormatException if the file is not an IDX file of unsigned bytes, or is cut short
   */
  public static Array read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
        return read(in, file.toString());
      }
    }
  }

  private static Array read(DataInputStream in, String source) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new ArrayFormatException(source, "fewer than 4 bytes", "an IDX file (magic 0x00 0x00 type ndims)",
          "give the uncompressed or gzipped IDX file itself");
    }
    int ndims = magic & 0xff;
    int type = (magic >>> 8) & 0xff;
    if ((magic >>> 16) != 0 || ndims == 0) {
      throw new ArrayFormatException(source, String.format("magic 0x%08x", magic), "an IDX file (magic 0x00 0x00 type ndims)",
          "give the uncompressed or gzipped IDX file itself (e.g. train-images-idx3-ubyte.gz)");
    }
    if (type != UNSIGNED_BYTE) {
      throw new ArrayFormatException(source, String.format("IDX type 0x%02x", type), "unsigned bytes (type 0x08)",
          "reflow reads IDX image and label files, which hold unsigned bytes");
    }
    int[] shape = new int[ndims];
    long size = 1;
    for (int i = 0; i < ndims; i++) {
      shape[i] = in.readInt();
      if (shape[i] < 0) {
        throw new ArrayFormatException(source, "dimension " + i + " of size " + shape[i], "sizes >= 0",
            "the file is damaged: fetch it again");
      }
      size *= shape[i];
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new ArrayFormatException(source, "shape " + Arrays.toString(shape), "fewer than 2^31 values",
          "split the file");
    }
    byte[] values = new byte[(int) size];
    try {
      in.readFully(values);
    } catch (EOFException e) {
      throw new ArrayFormatException(source, "fewer bytes than its shape " + Arrays.toString(shape) + " needs",
          size + " bytes after the header", "the file is cut short: fetch it again");
    }
    return new Array(shape, values);
  }
}
