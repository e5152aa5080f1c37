package org.reflow.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reflow.data.FashionMnist;
import org.reflow.data.Toys;
import org.reflow.store.Npy;
import org.reflow.store.Npz;
import org.reflow.store.Sha256;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.reflow.text.Suggest;

/**
 * Reads the {@code data} section's sources (π0 and π1: toys, Gaussians, {@code .npy}/{@code .npz}
 * files, Fashion-MNIST) for {@link SpecReader}, reporting problems through its {@link Nodes} and
 * recording each data file's SHA-256 as it is opened.
 */
final class SourceReader {

  private static final Set<String> SOURCE_KEYS = StageReader.orderedSet("toy", "gaussian", "npy", "npz", "array", "fashion-mnist", "pool");
  private static final Set<String> GAUSSIAN_KEYS = StageReader.orderedSet("mean", "std", "dim");
  private static final Set<String> FASHION_MNIST_KEYS = StageReader.orderedSet("split", "classes", "folder");

  private final Nodes nodes;
  private final Path baseDirectory;
  /** Whether data files are opened (checked, measured, hashed); an outline opens none. */
  private final boolean openData;
  /** The data files read so far, by absolute path: the reader's own map, filled here. */
  private final Map<String, String> dataSha256;

  SourceReader(Nodes nodes, Path baseDirectory, boolean openData, Map<String, String> dataSha256) {
    this.nodes = nodes;
    this.baseDirectory = baseDirectory;
    this.openData = openData;
    this.dataSha256 = dataSha256;
  }

  Optional<SourceSpec> source(Node node, String path) {
    if (node instanceof ScalarNode) {
      return nodes.text(node, path).filter(n -> toyExists(node, path, n)).map(n -> new SourceSpec.Toy(n, 0));
    }
    Map<String, Node> m = nodes.mapping(node, path, SOURCE_KEYS);
    int pool = m.containsKey("pool") ? nodes.smallInteger(m.get("pool"), path + ".pool", 1).orElse(1) : 0;
    List<String> kinds = m.keySet().stream().filter(k -> List.of("toy", "gaussian", "npy", "npz", "fashion-mnist").contains(k)).toList();
    if (kinds.size() != 1) {
      nodes.error(node, path, "give exactly one of toy: NAME, gaussian: {mean, std}, npy: FILE, npz: FILE (with array: NAME)"
          + " or fashion-mnist: {split, classes}");
      return Optional.empty();
    }
    switch (kinds.get(0)) {
      case "toy":
        return nodes.text(m.get("toy"), path + ".toy").filter(n -> toyExists(m.get("toy"), path + ".toy", n))
            .map(n -> new SourceSpec.Toy(n, pool));
      case "gaussian": {
        Map<String, Node> g = nodes.mapping(m.get("gaussian"), path + ".gaussian", GAUSSIAN_KEYS);
        List<Node> mean = g.containsKey("mean") ? nodes.sequence(g.get("mean"), path + ".gaussian.mean") : List.of();
        double[] mu = new double[mean.size()];
        for (int i = 0; i < mu.length; i++) {
          mu[i] = nodes.number(mean.get(i), path + ".gaussian.mean[" + i + "]", Double.NEGATIVE_INFINITY, true).orElse(0.0);
        }
        double std = g.containsKey("std") ? nodes.number(g.get("std"), path + ".gaussian.std", 0, false).orElse(1.0) : 1.0;
        if (g.containsKey("dim")) {
          if (g.containsKey("mean")) {
            nodes.error(g.get("dim"), path + ".gaussian.dim", "give either mean (which fixes the dimension) or dim (a zero mean), not both");
            return Optional.empty();
          }
          mu = new double[nodes.smallInteger(g.get("dim"), path + ".gaussian.dim", 1).orElse(1)];
        }
        // No mean and no dim: the dimension is the other side's (inferDim), a zero mean.
        return Optional.of(new SourceSpec.Normal(mu, std, pool));
      }
      case "fashion-mnist":
        return fashionMnist(m.get("fashion-mnist"), path + ".fashion-mnist", pool);
      default:
        return arrayFile(m, kinds.get(0), path);
    }
  }

  private Optional<SourceSpec> arrayFile(Map<String, Node> m, String kind, String path) {
    Node fileNode = m.get(kind);
    Optional<String> name = nodes.text(fileNode, path + "." + kind);
    if (name.isEmpty() || !openData) {
      return Optional.empty();
    }
    Path file;
    try {
      file = baseDirectory.resolve(name.get()).normalize();
    } catch (InvalidPathException e) {
      nodes.error(fileNode, path + "." + kind, "'" + Nodes.clip(name.get()) + "' is not a usable file path (" + e.getReason()
          + "); give the data file's path, relative to the experiment file's folder");
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      nodes.error(fileNode, path + "." + kind, "data file " + file + " does not exist; paths are relative to the experiment file's folder");
      return Optional.empty();
    }
    Optional<String> array = Optional.empty();
    if (kind.equals("npz")) {
      if (!m.containsKey("array")) {
        nodes.error(fileNode, path + ".array", "missing: name the array of " + file.getFileName() + " to use, e.g. array: x1");
        return Optional.empty();
      }
      array = nodes.text(m.get("array"), path + ".array");
    }
    try {
      var a = array.isPresent() ? Npz.readArray(file, array.get()) : Npy.read(file);
      if (a.shape().length != 2) {
        nodes.error(fileNode, path + "." + kind, file.getFileName() + " holds an array of shape " + a.shapeText()
            + "; expected [count, dim] (reshape with x.reshape(len(x), -1))");
        return Optional.empty();
      }
      if (a.shape()[0] < 1 || a.shape()[1] < 1) {
        nodes.error(fileNode, path + "." + kind, file.getFileName() + " holds an array of shape " + a.shapeText()
            + ": no points to draw; expected [count, dim] with both at least 1");
        return Optional.empty();
      }
      dataSha256.put(file.toAbsolutePath().toString(), Sha256.hex(file));
      return Optional.of(new SourceSpec.ArrayFile(file, array, a.shape()[1]));
    } catch (IOException | IllegalArgumentException e) {
      nodes.error(fileNode, path + "." + kind, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A Gaussian given neither mean nor dim takes the other side's dimension; with no other side to
   * take it from, it is an error.
   */
  Optional<SourceSpec> inferDim(Optional<SourceSpec> side, Optional<SourceSpec> other, Node node, String path) {
    if (side.isEmpty() || !(side.get() instanceof SourceSpec.Normal n) || n.mean().length > 0) {
      return side;
    }
    if (!openData) {
      return side; // an outline opens no data, so the other side's dimension may be unknown
    }
    if (other.isEmpty() || other.get().dim() == 0) {
      nodes.error(node, path + ".gaussian", "give mean: [..] or dim: N; a Gaussian takes its dimension from the other"
          + " side only when that side is valid data of a known dimension");
      return Optional.empty();
    }
    return Optional.of(new SourceSpec.Normal(new double[other.get().dim()], n.std(), n.pool()));
  }

  private Optional<SourceSpec> fashionMnist(Node node, String path, int pool) {
    Map<String, Node> f = nodes.mapping(node, path, FASHION_MNIST_KEYS);
    String split = "train";
    if (f.containsKey("split")) {
      split = nodes.text(f.get("split"), path + ".split").filter(s -> {
        if (FashionMnist.SPLITS.contains(s)) {
          return true;
        }
        nodes.error(f.get("split"), path + ".split", "unknown split '" + Nodes.clip(s) + "'; one of train, test");
        return false;
      }).orElse(null);
    }
    List<Integer> classes = new ArrayList<>();
    if (f.containsKey("classes")) {
      List<Node> list = nodes.sequence(f.get("classes"), path + ".classes");
      for (int i = 0; i < list.size(); i++) {
        fashionClass(list.get(i), path + ".classes[" + i + "]").filter(c -> !classes.contains(c)).ifPresent(classes::add);
      }
      if (list.isEmpty()) {
        nodes.error(f.get("classes"), path + ".classes", "no classes listed; leave 'classes' out to keep all ten");
      }
    }
    Path folder = FashionMnist.defaultFolder();
    if (f.containsKey("folder")) {
      Optional<String> name = nodes.text(f.get("folder"), path + ".folder");
      try {
        folder = name.map(n -> baseDirectory.resolve(n).normalize()).orElse(folder);
      } catch (InvalidPathException e) {
        nodes.error(f.get("folder"), path + ".folder", "'" + Nodes.clip(name.get()) + "' is not a usable folder path (" + e.getReason() + ")");
        return Optional.empty();
      }
    }
    if (split == null || !openData) {
      return Optional.empty();
    }
    try {
      for (Path file : FashionMnist.files(folder, split)) {
        dataSha256.put(file.toAbsolutePath().toString(), Sha256.hex(file));
      }
    } catch (IllegalArgumentException | IOException e) {
      nodes.error(node, path, e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new SourceSpec.FashionMnistImages(folder.toAbsolutePath(), split, List.copyOf(classes), pool));
  }

  /** A class by label (0-9) or by name ("sneaker", "ankle boot"). */
  private Optional<Integer> fashionClass(Node node, String path) {
    Optional<String> text = nodes.text(node, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().trim();
    int byName = FashionMnist.CLASS_NAMES.indexOf(t);
    if (byName >= 0) {
      return Optional.of(byName);
    }
    if (t.matches("[0-9]")) {
      return Optional.of(Integer.parseInt(t));
    }
    nodes.error(node, path, "unknown class '" + Nodes.clip(t) + "'" + Suggest.hint(t, FashionMnist.CLASS_NAMES)
        + "; a label 0-9 or one of " + String.join(", ", FashionMnist.CLASS_NAMES));
    return Optional.empty();
  }

  private boolean toyExists(Node node, String path, String name) {
    if (Toys.names().contains(name)) {
      return true;
    }
    nodes.error(node, path, "unknown toy '" + Nodes.clip(name) + "'" + Suggest.hint(name, Toys.names()) + "; toys: " + String.join(", ", Toys.names()));
    return false;
  }
}
