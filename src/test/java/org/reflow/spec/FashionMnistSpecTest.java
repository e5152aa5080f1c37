package org.reflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.data.Distribution;
import org.reflow.store.Sha256;

class FashionMnistSpecTest {

  @TempDir Path dir;

  private static String spec(String source, String target) {
    return "experiment: fm\nseed: 1\ndata:\n  source: " + source + "\n  target: " + target + "\n"
        + "model: {hidden: [8]}\nstages:\n  rf1: {kind: rectify, train: {steps: 1, batch: 4}}\n";
  }

  /** Four IDX files of 20 images (label i % 10) in {@code folder}. */
  private static void fashionFolder(Path folder) throws IOException {
    Files.createDirectories(folder);
    for (String prefix : List.of("train", "t10k")) {
      byte[] labels = new byte[20];
      for (int i = 0; i < 20; i++) {
        labels[i] = (byte) (i % 10);
      }
      write(folder.resolve(prefix + "-images-idx3-ubyte"), new int[] {20, 28, 28}, new byte[20 * 784]);
      write(folder.resolve(prefix + "-labels-idx1-ubyte"), new int[] {20}, labels);
    }
  }

  private static void write(Path file, int[] shape, byte[] values) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(4 + 4 * shape.length).putInt(0x0800 | shape.length);
    for (int s : shape) {
      header.putInt(s);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header.array());
      out.write(values);
    }
  }

  @Test
  void fashionMnistClassesByNameOrLabelWithNoiseOfInferredDimension() throws IOException {
    fashionFolder(dir.resolve("fm"));
    ExperimentSpec spec = SpecReader.parse(spec("{gaussian: {}}",
        "{fashion-mnist: {split: test, classes: [sneaker, 9], folder: fm}}"), "fm.yaml", dir, List.of());
    assertEquals(new SourceSpec.FashionMnistImages(dir.resolve("fm").toAbsolutePath(), "test", List.of(7, 9), 0), spec.target());
    assertEquals(784, spec.source().dim());
    assertEquals(784, spec.model().dim());
    Distribution images = spec.target().open(1, "pi1");
    assertEquals(784, images.dim());
    Path testImages = dir.resolve("fm/t10k-images-idx3-ubyte").toAbsolutePath();
    assertEquals(Sha256.hex(testImages), spec.dataSha256().get(testImages.toString()), "the run records the files it reads");
  }

  @Test
  void noiseGivenItsDimensionIsAZeroMeanGaussianOfThatDimension() throws IOException {
    fashionFolder(dir.resolve("fm"));
    ExperimentSpec spec = SpecReader.parse(spec("{gaussian: {dim: 784, std: 1}}", "{fashion-mnist: {folder: fm}}"),
        "fm.yaml", dir, List.of());
    assertEquals(784, ((SourceSpec.Normal) spec.source()).mean().length);
    assertEquals(new SourceSpec.FashionMnistImages(dir.resolve("fm").toAbsolutePath(), "train", List.of(), 0), spec.target());
  }

  @Test
  void aMissingDataSetIsOneErrorNamingThePackageToInstall() {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(
        spec("{gaussian: {dim: 784}}", "{fashion-mnist: {folder: nowhere}}"), "fm.yaml", dir, List.of()));
    assertEquals(1, e.errors().size(), e.getMessage());
    assertEquals("data.target.fashion-mnist", e.errors().get(0).path());
    assertTrue(e.errors().get(0).message().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void unknownClassesSplitsAndUndimensionedNoiseAreEachReported() {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(
        spec("{gaussian: {std: 1}}", "{fashion-mnist: {split: validation, classes: [sneakers, 12]}}"), "fm.yaml", dir, List.of()));
    List<String> paths = e.errors().stream().map(SpecError::path).toList();
    assertTrue(paths.containsAll(List.of("data.target.fashion-mnist.split", "data.target.fashion-mnist.classes[0]",
        "data.target.fashion-mnist.classes[1]", "data.source.gaussian")), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'sneaker'") || e.getMessage().contains("'sneaker'"), e.getMessage());
  }
}
