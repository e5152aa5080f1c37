package org.reflow.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.reflow.data.FashionMnist;
import org.reflow.data.Gaussian;
import org.reflow.data.Points;
import org.reflow.rand.Rng;
import org.reflow.store.ArtifactStore;
import org.reflow.store.Npz;
import org.reflow.store.NpzContents;
import org.reflow.store.RecipeIndex;
import org.reflow.store.Sha256;

/**
 * The feature classifier of a home: trained on Fashion-MNIST's train split the first time a home
 * needs it, stored as a content-addressed artifact ({@code .npz}: the weights and a {@code
 * meta.json} with its recipe, test accuracy and the Fréchet distances that bound image FD) found
 * by its recipe's hash ({@link RecipeIndex}), and shared by every run of the home and every
 * evaluation of this process.
 */
public final class Classifiers {

  /**
   * The feature classifier of the home whose store is {@code home} for image evaluations against
   * {@code classes} (all when empty) of the test split in {@code folder}: the classifier and the
   * test images' features, computed once per process.
   */
  public static ImageQuality.Reference reference(Path home, Path folder, List<Integer> classes) {
    Recorded recorded = forHome(home, folder);
    return REFERENCES.computeIfAbsent(recorded.sha256() + "\u0000" + folder.toAbsolutePath().normalize() + "\u0000" + classes,
        key -> ImageQuality.Reference.of(recorded.classifier(), FashionMnist.images(folder, "test", classes).all()));
  }

  /** The images each bound of FD is measured on. */
  static final int BOUND_IMAGES = 10_000;

  /**
   * A home's classifier and what it was measured to be.
   *
   * @param sha256 its artifact's SHA-256 in the home's store
   * @param recipeSha256 the hash of its recipe, which names it in {@code artifacts/recipes}
   * @param meta the recipe, {@code test_accuracy}, {@code fd_floor} (10,000 train images against
   *     the test split) and {@code fd_ceiling} (10,000 N(0, I) noise images against it)
   */
  public record Recorded(FeatureClassifier classifier, String sha256, String recipeSha256, Map<String, Object> meta) {

    /** How lineage names it: {@code fc-} and the first 16 hex digits of its SHA-256. */
    public String id() {
      return "fc-" + sha256.substring(0, 16);
    }

    public double testAccuracy() {
      return number("test_accuracy");
    }

    public double fdFloor() {
      return number("fd_floor");
    }

    public double fdCeiling() {
      return number("fd_ceiling");
    }

    /**
     * What made it, as text: architecture, the split and classes it was trained on, steps, batch,
     * optimizer and seed.
     */
    public Map<String, String> recipe() {
      Map<String, String> recipe = new LinkedHashMap<>();
      recipe.put("architecture", String.valueOf(meta.get("architecture")));
      recipe.put("split", TRAIN_SPLIT);
      recipe.put("classes", "all (0-9)");
      for (String key : List.of("steps", "batch", "optimizer", "seed")) {
        recipe.put(key, String.valueOf(meta.get(key)));
      }
      return recipe;
    }

    /** The SHA-256 of each Fashion-MNIST file it was trained and measured on, by file name. */
    public Map<String, String> dataSha256() {
      Map<String, String> hashes = new TreeMap<>();
      if (meta.get("data_sha256") instanceof Map<?, ?> m) {
        m.forEach((file, sha) -> hashes.put(String.valueOf(file), String.valueOf(sha)));
      }
      return hashes;
    }

    private double number(String key) {
      return ((Number) meta.get(key)).doubleValue();
    }
  }

  /** The split a classifier is trained on, every class of it; the test split measures it. */
  private static final String TRAIN_SPLIT = "train";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final Map<String, Recorded> LOADED = new ConcurrentHashMap<>();
  private static final Map<String, ImageQuality.Reference> REFERENCES = new ConcurrentHashMap<>();

  private Classifiers() {}

  /**
   * The classifier of {@code home} for the Fashion-MNIST files in {@code folder}: loaded once per
   * process, trained and stored the first time the home needs it.
   */
  public static synchronized Recorded forHome(Path home, Path folder) {
    String key = home.toAbsolutePath().normalize() + "\u0000" + folder.toAbsolutePath().normalize();
    Recorded loaded = LOADED.get(key);
    if (loaded == null) {
      loaded = loadOrTrain(home, folder, FeatureClassifier.Recipe.standard(dataHashes(folder)));
      LOADED.put(key, loaded);
    }
    return loaded;
  }

  static Recorded loadOrTrain(Path home, Path folder, FeatureClassifier.Recipe recipe) {
    ArtifactStore store = ArtifactStore.open(home);
    Map<String, Object> recipeJson = recipeJson(recipe);
    String recipeSha = Sha256.hex(json(recipeJson));
    var found = RecipeIndex.find(home, recipeSha).filter(store::isIntact);
    try {
      if (found.isPresent()) {
        NpzContents npz = Npz.read(store.verified(found.get(), "the feature classifier " + found.get()));
        return new Recorded(FeatureClassifier.of(npz.arrays()), found.get(), recipeSha, parse(npz.otherEntries().get("meta.json")));
      }
      FeatureClassifier classifier = FeatureClassifier.train(recipe, FashionMnist.images(folder, TRAIN_SPLIT, List.of()));
      FashionMnist.Images test = FashionMnist.images(folder, "test", List.of());
      Map<String, Object> meta = new TreeMap<>(recipeJson);
      meta.put("test_accuracy", classifier.accuracy(test));
      FrechetDistance.Moments testMoments = FrechetDistance.Moments.of(classifier.see(test.all()).features());
      Points train = FashionMnist.images(folder, TRAIN_SPLIT, List.of()).sample(Rng.of(0, "classifier", "floor", 0), BOUND_IMAGES);
      meta.put("fd_floor", FrechetDistance.of(FrechetDistance.Moments.of(classifier.see(train).features()), testMoments));
      Points noise = Gaussian.isotropic(new double[FashionMnist.PIXELS], 1).sample(Rng.of(0, "classifier", "ceiling", 0), BOUND_IMAGES);
      meta.put("fd_ceiling", FrechetDistance.of(FrechetDistance.Moments.of(classifier.see(noise).features()), testMoments));
      byte[] metaBytes = json(meta);
      String sha = store.put(file -> Npz.write(file, classifier.arrays(), Map.of("meta.json", metaBytes)));
      RecipeIndex.record(home, recipeSha, sha);
      return new Recorded(classifier, sha, recipeSha, parse(metaBytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the feature classifier in " + home + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> recipeJson(FeatureClassifier.Recipe recipe) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "fashion-mnist feature classifier");
    m.put("architecture", "mlp 784-" + recipe.hidden().get(0) + "-" + recipe.hidden().get(1) + "-10 relu softmax");
    m.put("steps", recipe.steps());
    m.put("batch", recipe.batch());
    m.put("optimizer", "adam lr " + recipe.learningRate() + " betas 0.9 0.999 eps 1e-8");
    m.put("seed", recipe.seed());
    m.put("data_sha256", new TreeMap<>(recipe.data()));
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(byte[] json) throws IOException {
    return JSON.readValue(json, Map.class);
  }

  private static byte[] json(Map<String, Object> value) {
    try {
      return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SHA-256 of each file both splits are read from, by file name. */
  private static Map<String, String> dataHashes(Path folder) {
    Map<String, String> hashes = new TreeMap<>();
    for (String split : FashionMnist.SPLITS) {
      for (Path file : FashionMnist.files(folder, split)) {
        try {
          hashes.put(file.getFileName().toString(), Sha256.hex(file));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return hashes;
  }
}
