package org.reflow.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A spec's {@code sweep}: KEY.PATH → a list of values, whose cross product is the grid of
 * variants (the first key varies slowest). Each point is named by its keys' shortest distinct
 * suffixes and its values as written, e.g. {@code lr=0.01,batch=256}, so stage ids stay readable.
 */
final class Sweep {

  /** Keys a sweep may not vary: they name the run, fix its seeds and its size, or how variants are judged. */
  private static final List<String> FIXED = List.of("experiment", "seed", "replicates", "sweep", "max_stages", "evaluation");

  /** One point of the grid: its name and each key's value. */
  record Point(String name, Map<String, Node> values, Map<String, String> written) {}

  private record Axis(String path, String label, List<Node> values, List<String> written) {}

  private final List<Axis> axes;

  private Sweep(List<Axis> axes) {
    this.axes = axes;
  }

  /** No sweep: one point, with no name and nothing set. */
  static Sweep none() {
    return new Sweep(List.of());
  }

  boolean isEmpty() {
    return axes.isEmpty();
  }

  /** Reads {@code sweep:}, recording every problem in {@code nodes}. */
  static Sweep read(Nodes nodes, Node node) {
    Map<String, Node> entries = nodes.namedEntries(node, "sweep");
    if (entries.isEmpty() && node instanceof MappingNode) {
      nodes.error(node, "sweep", "an empty grid: give at least one KEY.PATH with a list of values,"
          + " e.g. sweep: {defaults.train.lr: [1.0e-3, 5.0e-3]}, or remove 'sweep'");
    }
    List<String> paths = List.copyOf(entries.keySet());
    List<Axis> axes = new ArrayList<>();
    for (var e : entries.entrySet()) {
      String path = e.getKey();
      String where = "sweep." + path;
      String root = path.split("\\.", -1)[0];
      if (FIXED.contains(root)) {
        nodes.error(e.getValue(), where, "'" + root + "' cannot be swept: " + (root.equals("seed")
            ? "use 'replicates: N' to run seeds seed, seed+1, …" : root.equals("evaluation")
            ? "every variant is evaluated alike, so their metrics compare" : "it names or sizes the run itself"));
        continue;
      }
      if (path.isEmpty() || List.of(path.split("\\.", -1)).contains("")) {
        nodes.error(e.getValue(), where, "a key path is names joined by dots, e.g. defaults.train.lr");
        continue;
      }
      List<Node> values = nodes.sequence(e.getValue(), where);
      if (values.isEmpty() && e.getValue() instanceof SequenceNode) {
        nodes.error(e.getValue(), where, "no values: an empty list makes an empty grid; give at least one value");
        continue;
      }
      List<String> written = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        String w = written(values.get(i));
        if (written.contains(w)) {
          nodes.error(values.get(i), where + "[" + i + "]", "the value " + w + " is listed twice; keep one");
        }
        written.add(w);
      }
      axes.add(new Axis(path, label(path, paths), values, written));
    }
    return new Sweep(axes);
  }

  /** How many points the grid has. */
  long size() {
    long n = 1;
    for (Axis a : axes) {
      n = Math.multiplyExact(n, a.values().size());
    }
    return n;
  }

  /** Every point of the grid (call only once {@link #size} is known to be small). */
  List<Point> points() {
    List<Point> points = new ArrayList<>();
    points.add(new Point("", new LinkedHashMap<>(), new LinkedHashMap<>()));
    for (Axis axis : axes) {
      List<Point> next = new ArrayList<>();
      for (Point p : points) {
        for (int i = 0; i < axis.values().size(); i++) {
          Map<String, Node> values = new LinkedHashMap<>(p.values());
          values.put(axis.path(), axis.values().get(i));
          Map<String, String> written = new LinkedHashMap<>(p.written());
          written.put(axis.path(), axis.written().get(i));
          String part = axis.label() + "=" + safe(axis.written().get(i));
          next.add(new Point(p.name().isEmpty() ? part : p.name() + "," + part, values, written));
        }
      }
      points = next;
    }
    return points;
  }

  /** The shortest dot-suffix of {@code path} that no other swept path ends with. */
  private static String label(String path, List<String> paths) {
    String[] parts = path.split("\\.");
    for (int k = 1; k <= parts.length; k++) {
      String suffix = String.join(".", List.of(parts).subList(parts.length - k, parts.length));
      if (paths.stream().filter(p -> !p.equals(path)).noneMatch(p -> p.equals(suffix) || p.endsWith("." + suffix))) {
        return suffix;
      }
    }
    return path;
  }

  /** A value as written: a scalar's text, a list's items joined by 'x' ([64, 64] → 64x64), a mapping's k:v pairs. */
  private static String written(Node node) {
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    if (node instanceof SequenceNode s) {
      return String.join("x", s.getValue().stream().map(Sweep::written).toList());
    }
    if (node instanceof MappingNode m) {
      return String.join(";", m.getValue().stream()
          .map(t -> written(t.getKeyNode()) + ":" + written(t.getValueNode())).toList());
    }
    return "";
  }

  /** A value fit for a stage id: no slash (it separates a variant from its stage), no space. */
  private static String safe(String value) {
    return value.replaceAll("[^A-Za-z0-9._:;+-]", "_");
  }
}
