package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.rand.Rng;

class FashionMnistTest {

  @TempDir Path dir;

  @Test
  void imagesOfChosenClassesArePixelsScaledToMinusOneOne() throws IOException {
    Path folder = IdxFiles.fashionFolder(dir.resolve("fm"), 30, true);
    FashionMnist.Images sneakers = FashionMnist.images(folder, "train", List.of(7, 9));
    assertEquals(6, sneakers.size());
    assertEquals(784, sneakers.dim());
    Points all = sneakers.all();
    // split items 7, 9, 17, 19, 27, 29 (labels 7 and 9), pixel value 25 * label + item % 3
    int[] bytes = {176, 225, 177, 226, 175, 227};
    for (int i = 0; i < all.count(); i++) {
      assertEquals(i % 2 == 0 ? 7 : 9, sneakers.label(i));
      assertEquals(bytes[i] / 127.5f - 1f, all.get(i, 0), 1e-7f);
      assertEquals(all.get(i, 0), all.get(i, 783));
    }
    Points drawn = sneakers.sample(Rng.of(1, "t", "x", 0), 50);
    for (int i = 0; i < 50; i++) {
      float v = drawn.get(i, 400);
      assertTrue(v >= (25 * 7) / 127.5f - 1f - 1e-6f && v <= (25 * 9 + 2) / 127.5f - 1f + 1e-6f, "pixel " + v);
    }
  }

  @Test
  void theExtremePixelsMapToMinusOneAndOne() throws IOException {
    Path folder = dir.resolve("ends");
    java.nio.file.Files.createDirectories(folder);
    byte[] pixels = new byte[2 * 784];
    java.util.Arrays.fill(pixels, 784, 2 * 784, (byte) 255);
    IdxFiles.write(folder.resolve("t10k-images-idx3-ubyte"), IdxFiles.bytes(new int[] {2, 28, 28}, pixels), false);
    IdxFiles.write(folder.resolve("t10k-labels-idx1-ubyte"), IdxFiles.bytes(new int[] {2}, new byte[] {3, 4}), false);
    Points all = FashionMnist.images(folder, "test", List.of()).all();
    assertEquals(-1f, all.get(0, 0));
    assertEquals(1f, all.get(1, 783));
  }

  @Test
  void aSplitIsReadOncePerProcessAndShared() throws IOException {
    Path folder = IdxFiles.fashionFolder(dir.resolve("once"), 10, false);
    FashionMnist.Split first = FashionMnist.split(folder, "test");
    assertSame(first, FashionMnist.split(folder.resolve("..").resolve("once"), "test"));
    assertSame(first.pixels(), FashionMnist.split(folder, "test").pixels());
  }

  @Test
  void aMissingFolderNamesTheDebianPackageToInstallInOneSentence() {
    Path missing = dir.resolve("nowhere");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.images(missing, "train", List.of()));
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'));
  }

  @Test
  void labelsThatDoNotMatchTheImagesAreRefused() throws IOException {
    Path folder = IdxFiles.fashionFolder(dir.resolve("mismatch"), 10, false);
    IdxFiles.write(folder.resolve("train-labels-idx1-ubyte"), IdxFiles.bytes(new int[] {9}, new byte[9]), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.split(folder, "train"));
    assertTrue(e.getMessage().contains("one label per image"), e.getMessage());
  }

  @Test
  void aClassWithNoImagesIsRefused() throws IOException {
    Path folder = IdxFiles.fashionFolder(dir.resolve("few"), 5, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.images(folder, "train", List.of(9)));
    assertTrue(e.getMessage().contains("no image of classes [9]"), e.getMessage());
  }
}
