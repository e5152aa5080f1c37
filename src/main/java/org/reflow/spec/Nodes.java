package org.reflow.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.reflow.text.Suggest;

/**
 * Typed reads from a composed YAML tree that record, rather than throw, what is wrong: each
 * problem becomes a {@link SpecError} at the node's position and field path, and reading goes on
 * so one pass reports every problem.
 */
final class Nodes {

  /** The longest value or key read (a path is at most 4,096 bytes on Linux); longer ones are errors, not echoed. */
  static final int MAX_TEXT = 4096;
  /** How much of a wrong value an error message repeats. */
  private static final int QUOTED = 80;

  private final String file;
  private final List<SpecError> errors = new ArrayList<>();

  Nodes(String file) {
    this.file = file;
  }

  List<SpecError> errors() {
    return errors;
  }

  void error(Node node, String path, String message) {
    var mark = node == null ? Optional.<org.snakeyaml.engine.v2.exceptions.Mark>empty() : node.getStartMark();
    boolean fromOverride = mark.map(m -> m.getName().startsWith("--set")).orElse(false);
    if (fromOverride) { // a value given on the command line: name the option, not a file position
      errors.add(new SpecError(mark.get().getName(), 0, 0, path, message));
      return;
    }
    errors.add(new SpecError(file, mark.map(m -> m.getLine() + 1).orElse(0),
        mark.map(m -> m.getColumn() + 1).orElse(0), path, message));
  }

  /**
   * The entries of a mapping, keyed by name, after reporting keys that are not in {@code allowed}
   * (with the nearest valid one) and keys given twice. Empty when the node is not a mapping.
   */
  Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (!(node instanceof MappingNode m)) {
      error(node, path, "expected a mapping (key: value lines), found " + describe(node));
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
        error(t.getKeyNode(), path, "keys must be plain names");
        continue;
      }
      String key = keyNode.getValue();
      String keyPath = join(path, clip(key));
      if (key.length() > MAX_TEXT) {
        error(keyNode, path, "a key of " + key.length() + " characters; keys are short names");
      } else if (out.containsKey(key)) {
        error(keyNode, keyPath, "given twice; keep one");
      } else if (allowed != null && !allowed.contains(key)) {
        error(keyNode, keyPath, "unknown key '" + key + "'" + Suggest.hint(key, allowed)
            + "; valid keys here: " + String.join(", ", allowed));
      } else {
        out.put(key, t.getValueNode());
      }
    }
    return out;
  }

  /** Entries of a mapping without reporting anything (for locating a node already checked). */
  Map<String, Node> namedEntriesQuiet(Node node) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          out.putIfAbsent(k.getValue(), t.getKeyNode());
        }
      }
    }
    return out;
  }

  /** The entries of a mapping whose keys are free names (stage ids). */
  Map<String, Node> namedEntries(Node node, String path) {
    return mapping(node, path, null);
  }

  List<Node> sequence(Node node, String path) {
    if (node instanceof SequenceNode s) {
      return s.getValue();
    }
    error(node, path, "expected a list ([a, b] or '- a' lines), found " + describe(node));
    return List.of();
  }

  Optional<String> text(Node node, String path) {
    if (node instanceof ScalarNode s && s.getValue().length() > MAX_TEXT) {
      error(node, path, "a value of " + s.getValue().length() + " characters; values here are names, numbers and"
          + " paths of at most " + MAX_TEXT);
      return Optional.empty();
    }
    if (node instanceof ScalarNode s && !s.getValue().isEmpty()) {
      return Optional.of(s.getValue());
    }
    error(node, path, "expected a value, found " + describe(node));
    return Optional.empty();
  }

  Optional<Long> integer(Node node, String path, long min) {
    return text(node, path).flatMap(t -> parse(node, path, t, "a whole number", Long::parseLong))
        .filter(v -> check(node, path, v >= min, "must be >= " + min + ", got " + v));
  }

  /** A whole number that fits an {@code int} (a count, a width), at least {@code min}. */
  Optional<Integer> smallInteger(Node node, String path, int min) {
    return integer(node, path, min).filter(v -> check(node, path, v <= Integer.MAX_VALUE,
        "must be at most " + Integer.MAX_VALUE + ", got " + v)).map(Long::intValue);
  }

  Optional<Double> number(Node node, String path, double min, boolean inclusive) {
    return text(node, path).flatMap(t -> parse(node, path, t, "a number", Double::parseDouble))
        .filter(v -> check(node, path, Double.isFinite(v) && (inclusive ? v >= min : v > min),
            "must be a finite number " + (inclusive ? ">= " : "> ") + min + ", got " + v));
  }

  /** A value the caller parses with a domain parser whose IllegalArgumentException says what is valid. */
  <T> Optional<T> parsed(Node node, String path, Function<String, T> parser) {
    return text(node, path).flatMap(t -> {
      try {
        return Optional.of(parser.apply(t));
      } catch (IllegalArgumentException e) {
        error(node, path, e.getMessage());
        return Optional.empty();
      }
    });
  }

  /** A value as an error message repeats it: its start, when it is long. */
  static String clip(String value) {
    String start = value.length() <= QUOTED ? value : value.substring(0, QUOTED);
    StringBuilder shown = new StringBuilder();
    start.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || !Character.isDefined(c) || Character.getType(c) == Character.FORMAT) {
        shown.append(String.format("\\u%04X", c)); // an invisible character, made visible
      } else {
        shown.appendCodePoint(c);
      }
    });
    return value.length() <= QUOTED ? shown.toString() : shown + "… (" + value.length() + " characters)";
  }

  /** Names for an error message: all of them when few, else the first ones and how many there are. */
  static String some(java.util.Collection<String> names) {
    int shown = 20;
    return names.size() <= shown ? String.join(", ", names)
        : String.join(", ", names.stream().limit(shown).toList()) + ", … (" + names.size() + " in all)";
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private boolean check(Node node, String path, boolean ok, String message) {
    if (!ok) {
      error(node, path, message);
    }
    return ok;
  }

  private <T> Optional<T> parse(Node node, String path, String text, String what, Function<String, T> parser) {
    try {
      return Optional.of(parser.apply(text.trim().replace("_", "")));
    } catch (NumberFormatException e) {
      error(node, path, "expected " + what + ", found '" + clip(text) + "'");
      return Optional.empty();
    }
  }

  private static String describe(Node node) {
    if (node == null) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case MAPPING -> "a mapping";
      case SEQUENCE -> "a list";
      case SCALAR -> ((ScalarNode) node).getValue().isEmpty() ? "an empty value" : "'" + clip(((ScalarNode) node).getValue()) + "'";
      default -> "a " + node.getNodeType().toString().toLowerCase();
    };
  }
}
