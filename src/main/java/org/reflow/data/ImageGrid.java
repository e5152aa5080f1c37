package org.reflow.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws points that are 28×28 grey images (784 values in [−1, 1], row-major, as Fashion-MNIST's
 * are read) side by side in a grid, as a PNG: black for −1, white for 1, values outside clamped, a
 * one-pixel grey border between images.
 */
public final class ImageGrid {

  private static final int BORDER = 1;
  private static final int BORDER_GREY = 128;

  private ImageGrid() {}

  /** The grid of {@code images}, {@code columns} to a row (fewer when there are fewer images). */
  public static BufferedImage draw(Points images, int columns) {
    if (images.dim() != FashionMnist.PIXELS) {
      throw new IllegalArgumentException("an image grid draws 28×28 images of " + FashionMnist.PIXELS
          + " values; these points have " + images.dim());
    }
    if (images.count() == 0 || columns < 1) {
      throw new IllegalArgumentException("an image grid needs at least one image and one column, got "
          + images.count() + " images in " + columns + " columns");
    }
    int side = FashionMnist.SIDE;
    int cols = Math.min(columns, images.count());
    int rows = (images.count() + cols - 1) / cols;
    BufferedImage grid = new BufferedImage(extent(cols), extent(rows), BufferedImage.TYPE_BYTE_GRAY);
    var raster = grid.getRaster();
    for (int y = 0; y < grid.getHeight(); y++) {
      for (int x = 0; x < grid.getWidth(); x++) {
        raster.setSample(x, y, 0, BORDER_GREY);
      }
    }
    for (int i = 0; i < images.count(); i++) {
      int left = BORDER + (i % cols) * (side + BORDER);
      int top = BORDER + (i / cols) * (side + BORDER);
      for (int p = 0; p < FashionMnist.PIXELS; p++) {
        raster.setSample(left + p % side, top + p / side, 0, grey(images.get(i, p)));
      }
    }
    return grid;
  }

  /** Writes {@link #draw} as a PNG file. */
  public static void writePng(Points images, int columns, Path file) throws IOException {
    if (!ImageIO.write(draw(images, columns), "png", file.toFile())) {
      throw new IOException("no PNG writer in this Java runtime");
    }
  }

  /** {@link #draw} encoded as PNG bytes, as a page embeds it. */
  public static byte[] png(Points images, int columns) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(draw(images, columns), "png", out)) {
        throw new IllegalStateException("no PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode an image grid as PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Width or height in pixels of a grid {@code cells} images across: a border before each and one after the last. */
  public static int extent(int cells) {
    return cells * (FashionMnist.SIDE + BORDER) + BORDER;
  }

  /** x in [−1, 1] to a grey level 0..255: the inverse of x/127.5 − 1, rounded and clamped. */
  static int grey(float value) {
    return (int) Math.max(0, Math.min(255, Math.round((value + 1f) * 127.5f)));
  }
}
