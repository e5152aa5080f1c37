package org.reflow.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Applies {@code --set a.b.c=value} to a composed spec before it is validated, so an override
 * is checked exactly like the file and the effective spec is what gets recorded. The value is
 * read as YAML ({@code 500}, {@code [64, 64]}, {@code {count: 100}}); missing mappings on the path
 * are created.
 */
final class Overrides {

  private Overrides() {}

  /** Returns the problems with the assignments themselves (syntax, a path through a value). */
  static List<String> apply(Node root, List<String> assignments) {
    List<String> problems = new ArrayList<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        problems.add("--set " + assignment + ": expected KEY.PATH=VALUE, e.g. --set stages.rf1.train.steps=500");
        continue;
      }
      String path = assignment.substring(0, eq).trim();
      String text = assignment.substring(eq + 1);
      LoadSettings settings = LoadSettings.builder().setLabel("--set " + path).build();
      Node value;
      try {
        value = new Compose(settings).composeString(text)
            .orElse(new ScalarNode(Tag.STR, "", ScalarStyle.PLAIN));
      } catch (RuntimeException e) {
        problems.add("--set " + path + ": the value '" + text + "' is not valid YAML");
        continue;
      }
      if (!(root instanceof MappingNode)) {
        problems.add("--set " + path + ": the experiment file is not a mapping");
        continue;
      }
      set((MappingNode) root, path.split("\\."), 0, value, "--set " + path).ifPresent(problems::add);
    }
    return problems;
  }

  /** Sets {@code path} (dot-separated) of {@code root} to {@code value}, as {@code --set} would: a sweep variant's point. */
  static Optional<String> put(Node root, String path, Node value, String origin) {
    if (!(root instanceof MappingNode mapping)) {
      return Optional.of(origin + ": the experiment file is not a mapping");
    }
    return set(mapping, path.split("\\."), 0, value, origin);
  }

  private static Optional<String> set(MappingNode mapping, String[] keys, int depth, Node value, String origin) {
    String key = keys[depth];
    for (int i = 0; i < mapping.getValue().size(); i++) {
      NodeTuple t = mapping.getValue().get(i);
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        if (depth == keys.length - 1) {
          mapping.getValue().set(i, new NodeTuple(t.getKeyNode(), value));
          return Optional.empty();
        }
        if (t.getValueNode() instanceof MappingNode child) {
          return set(child, keys, depth + 1, value, origin);
        }
        return Optional.of("--set " + String.join(".", keys) + ": '" + String.join(".", java.util.Arrays.copyOf(keys, depth + 1))
            + "' is a value, not a mapping, so it has no key '" + keys[depth + 1] + "'");
      }
    }
    Node newValue = value;
    for (int d = keys.length - 1; d > depth; d--) {
      List<NodeTuple> entries = new ArrayList<>();
      entries.add(new NodeTuple(key(keys[d], origin), newValue));
      newValue = new MappingNode(Tag.MAP, false, entries, FlowStyle.BLOCK, mark(origin), Optional.empty());
    }
    mapping.getValue().add(new NodeTuple(key(key, origin), newValue));
    return Optional.empty();
  }

  /** A key created by an override, marked with the option that made it so errors can name it. */
  private static ScalarNode key(String name, String origin) {
    return new ScalarNode(Tag.STR, true, name, ScalarStyle.PLAIN, mark(origin), Optional.empty());
  }

  private static Optional<Mark> mark(String origin) {
    return Optional.of(new Mark(origin, 0, 0, 0, new int[0], 0));
  }
}
