package org.reflow.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text a person or a file will see: the value of any {@code password=},
 * {@code secret=}, {@code token=} … parameter (JDBC urls, property dumps), the password of a
 * url's {@code user:password@}, a JSON {@code "password": "…"}, and the value of every
 * environment variable whose name says it holds a secret ({@code *PASSWORD*}, {@code *SECRET*},
 * {@code *TOKEN*}, {@code *PASSPHRASE*}, {@code *CREDENTIAL*}), wherever it appears.
 */
public final class Redaction {

  /** What a masked secret becomes. */
  public static final String MASK = "***";

  /** Values shorter than this are not masked by value: "1" or "no" would mask half the text. */
  static final int SHORTEST_SECRET = 6;

  private static final String KEY = "[A-Za-z0-9_.-]*(?i:password|passwd|pwd|passphrase|secret|token|credential)[A-Za-z0-9_.-]*";
  private static final Pattern KEY_VALUE = Pattern.compile("(" + KEY + "\\s*=\\s*)([^\\s&;,'\"()\\[\\]{}<>]+)");
  private static final Pattern JSON_VALUE = Pattern.compile("(\"" + KEY + "\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");
  private static final Pattern USER_INFO = Pattern.compile("(://[^/\\s:@]+:)([^/\\s@]+)(@)");
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|passphrase|credential).*");

  private static final List<String> ENVIRONMENT_SECRETS = secretValues(System.getenv());

  private Redaction() {}

  /** {@code text} with every secret it holds masked. */
  public static String text(String text) {
    return text(text, ENVIRONMENT_SECRETS);
  }

  /** {@code text} with the secrets it holds, and each of {@code secrets} wherever it appears, masked. */
  static String text(String text, List<String> secrets) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    masked = KEY_VALUE.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    masked = JSON_VALUE.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
    return USER_INFO.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
  }

  /** The values of the variables whose names say they are secrets, longest first (so none is masked half-way). */
  static List<String> secretValues(Map<String, String> environment) {
    List<String> values = new ArrayList<>();
    environment.forEach((name, value) -> {
      if (SECRET_NAME.matcher(name).matches() && value.strip().length() >= SHORTEST_SECRET) {
        values.add(value);
      }
    });
    values.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(values);
  }
}
