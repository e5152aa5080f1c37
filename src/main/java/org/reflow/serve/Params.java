package org.reflow.serve;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Query parameters, checked: an unknown name or a value out of its range is refused with what is accepted. */
final class Params {

  private Params() {}

  /** Refuses any parameter not in {@code known}. */
  static void known(Map<String, String> params, List<String> known) {
    TreeSet<String> unknown = new TreeSet<>(params.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw ApiError.badRequest("unknown query parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
          + (known.isEmpty() ? "; this path takes none" : "; this path takes " + String.join(", ", known)));
    }
  }

  /** A whole number in [min, max], {@code otherwise} when absent. */
  static int integer(Map<String, String> params, String name, int otherwise, int min, int max) {
    String text = params.get(name);
    if (text == null) {
      return otherwise;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below, with the range
    }
    throw ApiError.badRequest(name + "=" + text + " is not a whole number from " + min + " to " + max);
  }

  /** One of {@code choices}, {@code otherwise} when absent. */
  static String choice(Map<String, String> params, String name, String otherwise, List<String> choices) {
    String value = params.getOrDefault(name, otherwise);
    if (!choices.contains(value)) {
      throw ApiError.badRequest(name + "=" + value + " is not one of " + String.join(", ", choices.stream()
          .map(c -> c.isEmpty() ? "(empty)" : c).toList()));
    }
    return value;
  }
}
