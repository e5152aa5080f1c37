package org.reflow.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files byte by byte, as the format's description lays them out. */
final class IdxFiles {

  private IdxFiles() {}

  /** The bytes of an IDX file of unsigned bytes: 0x00 0x00 0x08 ndims, big-endian sizes, values. */
  static byte[] bytes(int[] shape, byte[] values) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(0x0800 | shape.length);
    for (int size : shape) {
      data.writeInt(size);
    }
    data.write(values);
    return out.toByteArray();
  }

  static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(bytes);
    }
    return file;
  }

  /**
   * A Fashion-MNIST folder with {@code count} images per split: image i has every pixel equal to
   * {@code 25 * label + i % 3} and label {@code i % 10}.
   */
  static Path fashionFolder(Path folder, int count, boolean gzip) throws IOException {
    Files.createDirectories(folder);
    for (String prefix : new String[] {"train", "t10k"}) {
      byte[] pixels = new byte[count * 784];
      byte[] labels = new byte[count];
      for (int i = 0; i < count; i++) {
        labels[i] = (byte) (i % 10);
        java.util.Arrays.fill(pixels, i * 784, (i + 1) * 784, (byte) (25 * (i % 10) + i % 3));
      }
      String gz = gzip ? ".gz" : "";
      write(folder.resolve(prefix + "-images-idx3-ubyte" + gz), bytes(new int[] {count, 28, 28}, pixels), gzip);
      write(folder.resolve(prefix + "-labels-idx1-ubyte" + gz), bytes(new int[] {count}, labels), gzip);
    }
    return folder;
  }
}
