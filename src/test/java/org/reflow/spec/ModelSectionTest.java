package org.reflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.flow.Engine;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.UnetSpec;
import org.reflow.store.Npy;
import org.reflow.store.NpyArray;

/** The model section's engine and U-Net keys: read into the model spec, or refused at their field with what to do. */
class ModelSectionTest {

  @TempDir Path dir;

  /** 8×8 "images" from .npy files: 64 values a row. */
  @BeforeEach
  void images() throws IOException {
    Npy.write(dir.resolve("a.npy"), new NpyArray(new int[] {16, 64}, new float[16 * 64]));
    Npy.write(dir.resolve("b.npy"), new NpyArray(new int[] {16, 64}, new float[16 * 64]));
  }

  @Test
  void aUnetWithItsEngineIsReadIntoTheModelSpec() throws IOException {
    ExperimentSpec spec = read("{unet: {channels: 4, mult: [1, 2], groups: 2}, time: \"sinusoidal:2\", engine: nd4j}");
    assertEquals(ModelSpec.unet(64, new UnetSpec(4, List.of(1, 2), 2), new TimeEncoding.Sinusoidal(2, 1000))
        .withEngine(Engine.ND4J), spec.model());
    assertEquals(new UnetSpec(32, List.of(1, 2, 2), 8), read("{unet: {}}").model().unet().orElseThrow(), "the defaults");
  }

  @Test
  void aPlainModelSectionIsAnMlpOnTheAutoEngine() throws IOException {
    ModelSpec model = read("{hidden: [8], activation: silu}").model();
    assertEquals(Engine.AUTO, model.engine());
    assertEquals(Optional.empty(), model.unet());
  }

  @Test
  void aUnetTheDataOrItsGroupsCannotHoldIsRefusedAtItsField() {
    assertRefused("{unet: {channels: 4, mult: [1, 2], groups: 3}}", "model.unet", "GroupNorm groups do not divide");
    assertRefused("{unet: {channels: 4, mult: [1, 1, 1, 1, 1], groups: 2}}", "model.unet", "halves 4 times evenly");
    assertRefused("{unet: {channels: 8}, engine: cpu}", "model.unet", "give it engine nd4j or auto");
    assertRefused("{engine: gpu}", "model.engine", "use one of cpu, nd4j, auto");
  }

  private void assertRefused(String model, String path, String text) {
    SpecException e = assertThrows(SpecException.class, () -> read(model));
    assertTrue(e.errors().stream().anyMatch(err -> err.path().equals(path) && err.message().contains(text)),
        "expected " + path + ": ..." + text + "..., got " + e.errors());
  }

  private ExperimentSpec read(String model) throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, String.join("\n",
        "experiment: images", "seed: 1", "data:", "  source: {npy: a.npy}", "  target: {npy: b.npy}",
        "model: " + model, "defaults:", "  train: {steps: 10, batch: 4}", "stages:", "  rf1: {kind: rectify}", ""));
    return SpecReader.read(file, List.of());
  }
}
