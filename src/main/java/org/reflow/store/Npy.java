package org.reflow.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads and writes numpy's {@code .npy} format
 * (<a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>).
 *
 * <p>Reads format versions 1.0, 2.0 and 3.0 holding a C-order little-endian float32 ({@code <f4})
 * or float64 ({@code <f8}) array; float64 values are rounded to the nearest float. Anything else
 * (big-endian, Fortran order, integers, pickled objects, a damaged or cut-short file) is an
 * {@link ArrayFormatException} that names the file and says how to re-save it. Failures to read
 * the bytes at all stay {@link IOException}s.
 *
 * <p>Writes float32 C order, format 1.0, with the header {@code np.save} writes: the same array
 * gives the same bytes.
 */
public final class Npy {

  /** Bytes converted per step; a multiple of both item sizes. */
  private static final int CHUNK = 1 << 16;

  /** Headers numpy writes are a few hundred bytes; a larger length means a damaged file. */
  private static final int MAX_HEADER = 1 << 20;

  private static final String REMEDY = "save with np.save(path, x.astype(np.float32))";

  private Npy() {}

  public static NpyArray read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads one array from {@code in} up to its end (extra bytes after the data are an error);
   * does not close it.
   *
   * @param source names the bytes in error messages, e.g. {@code "ckpt.npz entry 'w.npy'"}
   */
  public static NpyArray read(InputStream in, String source) throws IOException {
    NpyHeader header = readHeader(in, source);
    int itemSize = itemSize(header.descr(), source);
    if (header.fortranOrder()) {
      throw new ArrayFormatException(source, "Fortran (column-major) order", "C (row-major) order",
          "save with np.save(path, np.ascontiguousarray(x, dtype=np.float32))");
    }
    int[] shape = new int[header.shape().length];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      elements *= header.shape()[i];
      if (elements > Integer.MAX_VALUE - 8) {
        throw new ArrayFormatException(source, "shape " + NpyHeader.shapeText(header.shape()),
            "at most " + (Integer.MAX_VALUE - 8) + " values in one array", "split it over several files or .npz entries");
      }
      shape[i] = (int) header.shape()[i];
    }
    float[] data = new float[(int) elements];
    readData(in, data, itemSize, header, source);
    long extra = in.transferTo(OutputStream.nullOutputStream());
    if (extra > 0) {
      throw new ArrayFormatException(source, extra + " bytes after the data of shape " + NpyHeader.shapeText(header.shape()),
          "the file to end with the data", "the file is damaged or holds several arrays; write it again with np.save");
    }
    return new NpyArray(shape, data);
  }

  /** Writes {@code array} to {@code file} through a temporary file, renamed into place when complete. */
  public static void write(Path file, NpyArray array) throws IOException {
    AtomicWrite.write(file, out -> write(out, array));
  }

  /** Writes {@code array} in .npy format to {@code out}; does not close it. */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(NpyHeader.render(array.shape()));
    byte[] chunk = new byte[CHUNK];
    ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    float[] data = array.data();
    for (int from = 0; from < data.length; from += CHUNK / Float.BYTES) {
      int n = Math.min(CHUNK / Float.BYTES, data.length - from);
      for (int i = 0; i < n; i++) {
        view.putFloat(i * Float.BYTES, data[from + i]);
      }
      out.write(chunk, 0, n * Float.BYTES);
    }
  }

  /** The number of bytes {@link #write(OutputStream, NpyArray)} writes. */
  static long encodedSize(NpyArray array) {
    return NpyHeader.render(array.shape()).length + (long) Float.BYTES * array.data().length;
  }

  private static NpyHeader readHeader(InputStream in, String source) throws IOException {
    byte[] start = in.readNBytes(NpyHeader.MAGIC.length + 2);
    if (start.length < NpyHeader.MAGIC.length + 2
        || !Arrays.equals(start, 0, NpyHeader.MAGIC.length, NpyHeader.MAGIC, 0, NpyHeader.MAGIC.length)) {
      boolean zip = start.length >= 2 && start[0] == 'P' && start[1] == 'K';
      throw new ArrayFormatException(source, "a file starting with bytes [" + HexFormat.ofDelimiter(" ").formatHex(start) + "]",
          "a .npy file starting with \\x93NUMPY",
          zip ? "this is a zip file: read it as an .npz (Npz.read)" : REMEDY);
    }
    int major = start[6];
    int minor = start[7];
    if (minor != 0 || major < 1 || major > 3) {
      throw new ArrayFormatException(source, ".npy format version " + major + "." + minor, "version 1.0, 2.0 or 3.0",
          "save with np.save from numpy 1.x or 2.x");
    }
    int lengthSize = major == 1 ? 2 : 4;
    byte[] lengthBytes = in.readNBytes(lengthSize);
    if (lengthBytes.length < lengthSize) {
      throw damagedHeader(source, "a file that ends inside its header");
    }
    ByteBuffer lengthView = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    long length = major == 1 ? lengthView.getShort() & 0xFFFFL : lengthView.getInt() & 0xFFFFFFFFL;
    if (length > MAX_HEADER) {
      throw damagedHeader(source, "a header length of " + length + " bytes");
    }
    byte[] text = in.readNBytes((int) length);
    if (text.length < length) {
      throw damagedHeader(source, "a file that ends inside its header");
    }
    // versions 1 and 2 store the header in latin-1, version 3 in UTF-8
    return NpyHeader.parse(new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), source);
  }

  private static ArrayFormatException damagedHeader(String source, String found) {
    return new ArrayFormatException(source, found, "a complete header of at most " + MAX_HEADER + " bytes",
        "the file is damaged; write it again with np.save");
  }

  private static int itemSize(String descr, String source) {
    if (descr.equals("<f4")) {
      return Float.BYTES;
    }
    if (descr.equals("<f8")) {
      return Double.BYTES;
    }
    char kind = descr.length() > 1 ? descr.charAt(1) : '?';
    String what = switch (kind) {
      case 'f' -> descr.charAt(0) == '>' ? "big-endian floating point" : "floating point of another width";
      case 'i' -> "signed integer";
      case 'u' -> "unsigned integer";
      case 'b' -> "boolean";
      case 'c' -> "complex";
      case 'O' -> "Python objects, stored pickled";
      case 'U', 'S' -> "text";
      case 'M', 'm' -> "date/time";
      default -> "not a numeric type reflow reads";
    };
    throw new ArrayFormatException(source, "dtype '" + descr + "' (" + what + ")",
        "little-endian float32 '<f4' or float64 '<f8'",
        kind == 'O' ? "reflow never unpickles data; convert to numbers and save with np.save(path, np.asarray(x, dtype=np.float32))" : REMEDY);
  }

  private static void readData(InputStream in, float[] data, int itemSize, NpyHeader header, String source)
      throws IOException {
    byte[] chunk = new byte[CHUNK];
    ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    long expected = (long) itemSize * data.length;
    long got = 0;
    for (int filled = 0; filled < data.length; ) {
      int want = (int) Math.min(CHUNK, expected - got);
      int read = in.readNBytes(chunk, 0, want);
      got += read;
      if (read < want) {
        throw new ArrayFormatException(source,
            "only " + got + " of the " + expected + " data bytes that shape " + NpyHeader.shapeText(header.shape())
                + " of '" + header.descr() + "' needs",
            "the complete data", "the file was cut short (interrupted copy or save?); write it again with np.save");
      }
      for (int i = 0; i < want / itemSize; i++) {
        data[filled + i] = itemSize == Float.BYTES ? view.getFloat(i * itemSize) : (float) view.getDouble(i * itemSize);
      }
      filled += want / itemSize;
    }
  }
}
