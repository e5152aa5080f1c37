package org.reflow.text;

import java.util.Collection;
import java.util.Optional;

/** The nearest valid name to a misspelt one, by edit distance, when it is near enough to help. */
public final class Suggest {

  /** Names longer than this are not misspellings of a short one: no suggestion is looked for. */
  private static final int LONGEST = 100;

  private Suggest() {}

  public static Optional<String> nearest(String given, Collection<String> valid) {
    int allowed = Math.max(2, given.length() / 3);
    if (given.length() > LONGEST) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String v : valid) {
      if (Math.abs(v.length() - given.length()) > allowed) {
        continue; // at least that many edits apart: too far, and not worth the quadratic distance
      }
      int d = distance(given.toLowerCase(), v.toLowerCase());
      if (d < bestDistance) {
        best = v;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** " (did you mean 'x'?)" or "". */
  public static String hint(String given, Collection<String> valid) {
    return nearest(given, valid).map(n -> " (did you mean '" + n + "'?)").orElse("");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
