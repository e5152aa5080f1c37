package org.reflow.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files byte by byte, as the format's description lays them out. */
public final class IdxFiles {

  private IdxFiles() {}

  /** The bytes of an IDX file of unsigned bytes: 0x00 0x00 0x08 ndims, big-endian sizes, values. */
  public static byte[] bytes(int[] shape, byte[] values) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(0x0800 | shape.length);
    for (int size : shape) {
      data.writeInt(size);
    }
    data.write(values);
    return out.toByteArray();
  }

  public static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(bytes);
    }
    return file;
  }

  /**
   * A Fashion-MNIST folder with {@code count} images per split: image i has every pixel equal to
   * {@code 25 * label + i % 3} and label {@code i % 10}.
   */
  public static Path fashionFolder(Path folder, int count, boolean gzip) throws IOException {
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

  /**
   * A Fashion-MNIST folder with {@code count} images per split that a classifier tells apart:
   * image i (label i % 10) is dark but for a bright band of rows 2·label .. 2·label + 2, with
   * {@code i % 7} added to every pixel.
   */
  public static Path bandsFolder(Path folder, int count) throws IOException {
    Files.createDirectories(folder);
    for (String prefix : new String[] {"train", "t10k"}) {
      byte[] pixels = new byte[count * 784];
      byte[] labels = new byte[count];
      for (int i = 0; i < count; i++) {
        int label = i % 10;
        labels[i] = (byte) label;
        for (int p = 0; p < 784; p++) {
          int row = p / 28;
          pixels[i * 784 + p] = (byte) ((row >= 2 * label && row < 2 * label + 3 ? 200 : 10) + i % 7);
        }
      }
      write(folder.resolve(prefix + "-images-idx3-ubyte"), bytes(new int[] {count, 28, 28}, pixels), false);
      write(folder.resolve(prefix + "-labels-idx1-ubyte"), bytes(new int[] {count}, labels), false);
    }
    return folder;
  }
}
