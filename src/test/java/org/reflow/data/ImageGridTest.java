package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

  @TempDir Path dir;

  @Test
  void aPngGridDecodesToTheImagesPixelsInPlace() throws IOException {
    Path folder = IdxFiles.fashionFolder(dir.resolve("fm"), 5, false);
    Points images = FashionMnist.images(folder, "train", List.of()).all(); // image i: every pixel 25·i + i % 3
    Path png = dir.resolve("grid.png");
    ImageGrid.writePng(images, 3, png);
    BufferedImage read = ImageIO.read(png.toFile());
    assertEquals(3 * 29 + 1, read.getWidth());
    assertEquals(2 * 29 + 1, read.getHeight());
    int[] bytes = {0, 26, 52, 75, 101};
    for (int i = 0; i < 5; i++) {
      int left = 1 + (i % 3) * 29;
      int top = 1 + (i / 3) * 29;
      assertEquals(bytes[i], read.getRaster().getSample(left, top, 0), "image " + i + " top left");
      assertEquals(bytes[i], read.getRaster().getSample(left + 27, top + 27, 0), "image " + i + " bottom right");
    }
    assertEquals(128, read.getRaster().getSample(0, 0, 0), "the border");
    assertEquals(128, read.getRaster().getSample(read.getWidth() - 1, read.getHeight() - 1, 0), "the empty sixth cell");
  }

  @Test
  void pixelsAreRowMajorColumnAcrossRowDown() {
    float[] values = new float[784];
    java.util.Arrays.fill(values, -1f);
    values[2 * 28 + 5] = 1f; // row 2, column 5
    BufferedImage grid = ImageGrid.draw(new Points(1, 784, values), 16);
    assertEquals(255, grid.getRaster().getSample(1 + 5, 1 + 2, 0));
    assertEquals(0, grid.getRaster().getSample(1 + 2, 1 + 5, 0));
  }

  @Test
  void valuesOutsideMinusOneOneAreClampedToBlackAndWhite() {
    assertEquals(0, ImageGrid.grey(-3f));
    assertEquals(255, ImageGrid.grey(2.5f));
    assertEquals(128, ImageGrid.grey(0.0039f));
  }

  @Test
  void pointsThatAreNotImagesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ImageGrid.draw(Points.zeros(3, 2), 4));
  }
}
