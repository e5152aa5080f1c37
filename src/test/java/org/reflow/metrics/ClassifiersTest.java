package org.reflow.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.data.FashionMnist;
import org.reflow.data.IdxFiles;
import org.reflow.data.Points;
import org.reflow.flow.solve.Fields;
import org.reflow.flow.solve.Solver;
import org.reflow.store.ArtifactStore;
import org.reflow.store.RecipeIndex;

class ClassifiersTest {

  @TempDir Path dir;

  /** One classifier trained for the tests that only look through it. */
  @TempDir static Path shared;
  private static Path bands;
  private static FeatureClassifier classifier;

  @BeforeAll
  static void trainOnce() throws IOException {
    bands = IdxFiles.bandsFolder(shared.resolve("fm"), 200);
    classifier = Classifiers.loadOrTrain(shared.resolve("home"), bands, small()).classifier();
  }

  private static FeatureClassifier.Recipe small() {
    return new FeatureClassifier.Recipe(List.of(32, 16), 100, 32, 3e-3, 4, Map.of("images", "made in the test"));
  }

  @Test
  void aHomeTrainsItsClassifierOnceAndLaterCallsLoadTheSameArtifactWithItsRecipe() throws IOException {
    Path folder = IdxFiles.bandsFolder(dir.resolve("fm"), 200);
    Path home = dir.resolve("home");
    Classifiers.Recorded trained = Classifiers.loadOrTrain(home, folder, small());
    assertEquals(trained.sha256(), RecipeIndex.find(home, trained.recipeSha256()).orElseThrow());
    assertTrue(ArtifactStore.open(home).isIntact(trained.sha256()));
    assertTrue(trained.testAccuracy() > 0.9, "ten bands are easy to tell apart: " + trained.meta());
    assertEquals(100, ((Number) trained.meta().get("steps")).intValue());
    assertEquals(Map.of("images", "made in the test"), trained.meta().get("data_sha256"));
    assertTrue((double) trained.meta().get("fd_floor") < (double) trained.meta().get("fd_ceiling"), trained.meta().toString());

    long modified = Files.getLastModifiedTime(ArtifactStore.open(home).path(trained.sha256())).toMillis();
    Classifiers.Recorded loaded = Classifiers.loadOrTrain(home, folder, small());
    assertEquals(trained.sha256(), loaded.sha256());
    assertEquals(trained.meta(), loaded.meta());
    assertEquals(modified, Files.getLastModifiedTime(ArtifactStore.open(home).path(loaded.sha256())).toMillis());
    Points images = FashionMnist.images(folder, "test", List.of()).all();
    assertArrayEquals(trained.classifier().see(images).features().values(), loaded.classifier().see(images).features().values());
  }

  @Test
  void theSameRecipeTrainsTheSameBytesInAnotherHome() {
    String first = Classifiers.loadOrTrain(shared.resolve("home"), bands, small()).sha256();
    assertEquals(first, Classifiers.loadOrTrain(dir.resolve("other"), bands, small()).sha256());
  }

  @Test
  void samplesOfOneClassCoverOneTenthAndTheReferenceItselfIsAtDistanceZero() throws IOException {
    Path folder = bands;
    Points all = FashionMnist.images(folder, "test", List.of()).all();
    ImageQuality.Reference reference = ImageQuality.Reference.of(classifier, all);
    ImageQuality same = ImageQuality.measure(reference, all);
    assertEquals(0, same.fd(), 1e-6);
    assertEquals(1, same.coverage(), 1e-9);
    ImageQuality sneakers = ImageQuality.measure(reference, FashionMnist.images(folder, "test", List.of(7)).all());
    assertEquals(0.1, sneakers.coverage(), 1e-9);
    assertEquals(1, sneakers.histogram()[7], 1e-9);
    assertTrue(sneakers.fd() > 1e-3, "one class is far from ten: " + sneakers.fd());
    assertTrue(sneakers.confidence() > 0.5 && sneakers.confidence() <= 1, "confidence " + sneakers.confidence());
    assertEquals(13, sneakers.asMap().size());
  }

  @Test
  void anImageFlowIsJudgedByFdCoverageAndNfeOfTheImagesItGenerates() throws IOException {
    Path folder = bands;
    Points test = FashionMnist.images(folder, "test", List.of()).all();
    ImageQuality.Reference reference = ImageQuality.Reference.of(classifier, test);
    float[] still = new float[784];
    Map<String, Double> standing = ImageQuality.ofFlow(Fields.constant(still), test, reference, Solver.parse("euler:4"));
    assertEquals(4, standing.get("nfe"));
    assertEquals(0, standing.get("fd"), 1e-6, "a flow that stands still leaves the real images as they are");
    assertEquals(1, standing.get("class_coverage"), 1e-9);
    assertEquals(0, standing.get("transport_cost"), 1e-12);
    float[] darker = new float[784];
    java.util.Arrays.fill(darker, -0.5f);
    Map<String, Double> moved = ImageQuality.ofFlow(Fields.constant(darker), test, reference, Solver.parse("euler:1"));
    assertEquals(784 * 0.25, moved.get("transport_cost"), 1e-3);
    assertTrue(moved.get("fd") > 1e-3, "darkened images are off the real ones: " + moved);
  }
}
