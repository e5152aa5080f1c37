package org.reflow.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reflow.store.ArrayFormatException;

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from its four IDX files, as Debian's {@code
 * dataset-fashion-mnist} installs them: 70,000 grey 28×28 images of ten kinds of clothing, 60,000
 * to train and 10,000 to test. Each split is read once per process and shared by every worker and
 * batch that asks for it (47 MB of bytes for the train split, converted to floats only as drawn).
 */
public final class FashionMnist {

  /** Where Debian's package puts the files. */
  public static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

  /** The environment variable that names another default folder. */
  public static final String FOLDER_ENV = "REFLOW_FASHION_MNIST";

  /** The Debian package that holds the files, named in every message about missing ones. */
  public static final String PACKAGE = "dataset-fashion-mnist";

  public static final int SIDE = 28;
  public static final int PIXELS = SIDE * SIDE;

  /** The classes by label, as the data set's authors name them. */
  public static final List<String> CLASS_NAMES = List.of(
      "t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

  public static final List<String> SPLITS = List.of("train", "test");

  /**
   * One split as read: {@code count} images of {@link #PIXELS} bytes row-major and their labels.
   *
   * @param imageFile the file the images came from, whose SHA-256 a run records
   * @param labelFile the file the labels came from
   */
  public record Split(Path imageFile, Path labelFile, int count, byte[] pixels, byte[] labels) {

    /** Pixel {@code p} of image {@code i} as a float in [−1, 1]: x / 127.5 − 1. */
    public float pixel(int i, int p) {
      return (pixels[i * PIXELS + p] & 0xff) / 127.5f - 1f;
    }

    public int label(int i) {
      return labels[i];
    }
  }

  private static final Map<String, Split> READ = new ConcurrentHashMap<>();

  private FashionMnist() {}

  /** {@code $REFLOW_FASHION_MNIST} when set, else Debian's folder. */
  public static Path defaultFolder() {
    String env = System.getenv(FOLDER_ENV);
    return env == null || env.isBlank() ? DEBIAN_FOLDER : Path.of(env);
  }

  /**
   * The image and label files of {@code split} in {@code folder}, gzipped or not.
   *
   * @throws IllegalArgumentException naming the package to install when a file is missing
   */
  public static List<Path> files(Path folder, String split) {
    String prefix = prefix(split);
    List<Path> files = new ArrayList<>();
    for (String kind : List.of("images-idx3-ubyte", "labels-idx1-ubyte")) {
      String name = prefix + "-" + kind;
      Optional<Path> found = List.of(name + ".gz", name).stream().map(folder::resolve).filter(Files::isRegularFile).findFirst();
      files.add(found.orElseThrow(() -> new IllegalArgumentException("Fashion-MNIST's " + split + " split is not in "
          + folder + " (no " + name + ".gz or " + name + "): install Debian's " + PACKAGE + " (apt-get install "
          + PACKAGE + "), or point the source's 'folder' (or " + FOLDER_ENV + ") at the folder holding the four IDX files")));
    }
    return files;
  }

  /** The split, read from {@code folder} on first use in this process and shared afterwards. */
  public static Split split(Path folder, String split) {
    Path dir = folder.toAbsolutePath().normalize();
    return READ.computeIfAbsent(dir + "\u0000" + split, key -> read(dir, split));
  }

  /** The images of {@code classes} (all ten when empty) in a split, as a distribution over them. */
  public static Images images(Path folder, String split, List<Integer> classes) {
    Split s = split(folder, split);
    int[] chosen = new int[s.count()];
    int n = 0;
    for (int i = 0; i < s.count(); i++) {
      if (classes.isEmpty() || classes.contains(s.label(i))) {
        chosen[n++] = i;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("Fashion-MNIST's " + split + " split in " + folder + " has no image of classes "
          + classes + "; labels are 0-9: " + String.join(", ", CLASS_NAMES));
    }
    return new Images(s, java.util.Arrays.copyOf(chosen, n));
  }

  private static Split read(Path folder, String split) {
    List<Path> files = files(folder, split);
    try {
      Idx.Array images = Idx.read(files.get(0));
      Idx.Array labels = Idx.read(files.get(1));
      if (images.shape().length != 3 || images.shape()[1] != SIDE || images.shape()[2] != SIDE) {
        throw new ArrayFormatException(files.get(0).toString(), "shape " + java.util.Arrays.toString(images.shape()),
            "[count, 28, 28]", "give Fashion-MNIST's image file");
      }
      if (labels.shape().length != 1 || labels.count() != images.count()) {
        throw new ArrayFormatException(files.get(1).toString(), "shape " + java.util.Arrays.toString(labels.shape()),
            "[" + images.count() + "], one label per image of " + files.get(0).getFileName(),
            "give the label file of the same split");
      }
      for (int i = 0; i < labels.count(); i++) {
        if (labels.unsigned(i) >= CLASS_NAMES.size()) {
          throw new ArrayFormatException(files.get(1).toString(), "label " + labels.unsigned(i) + " at item " + i,
              "labels 0-9", "give Fashion-MNIST's label file");
        }
      }
      return new Split(files.get(0), files.get(1), images.count(), images.values(), labels.values());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Fashion-MNIST's " + split + " split in " + folder + ": " + e.getMessage(), e);
    }
  }

  private static String prefix(String split) {
    return switch (split) {
      case "train" -> "train";
      case "test" -> "t10k";
      default -> throw new IllegalArgumentException("unknown Fashion-MNIST split '" + split + "'; one of train, test");
    };
  }

  /** Some images of a split, drawn uniformly with replacement, as points of {@link #PIXELS} values in [−1, 1]. */
  public static final class Images implements Distribution {

    private final Split split;
    private final int[] chosen;

    private Images(Split split, int[] chosen) {
      this.split = split;
      this.chosen = chosen;
    }

    public int size() {
      return chosen.length;
    }

    /** The label of the {@code i}-th image chosen. */
    public int label(int i) {
      return split.label(chosen[i]);
    }

    /** Every image chosen, in the split's order. */
    public Points all() {
      float[] out = new float[chosen.length * PIXELS];
      for (int i = 0; i < chosen.length; i++) {
        write(chosen[i], out, i);
      }
      return new Points(chosen.length, PIXELS, out);
    }

    @Override
    public int dim() {
      return PIXELS;
    }

    @Override
    public void sample(org.reflow.rand.Rng rng, float[] out, int count) {
      for (int i = 0; i < count; i++) {
        write(chosen[rng.nextInt(chosen.length)], out, i);
      }
    }

    /** Writes the {@code i}-th image chosen as row {@code row} of {@code out}. */
    public void copyTo(int i, float[] out, int row) {
      write(chosen[i], out, row);
    }

    private void write(int image, float[] out, int row) {
      int o = row * PIXELS;
      for (int p = 0; p < PIXELS; p++) {
        out[o + p] = split.pixel(image, p);
      }
    }
  }
}
