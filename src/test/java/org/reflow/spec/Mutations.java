package org.reflow.spec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ways to damage an experiment file, each a pure function of the file's bytes and a seeded
 * {@link Random}: what a careless edit, a wrong file or a hostile one can put before
 * {@code reflow validate}.
 */
final class Mutations {

  /** One named way to damage a file. */
  record Mutation(String name, BiFunction<byte[], Random, byte[]> apply) {}

  private static final Pattern KEY_VALUE = Pattern.compile("(?m)^(\\s*)([A-Za-z_][\\w-]*):[ ]+(\\S.*)$");
  private static final Pattern FLOW_VALUE = Pattern.compile("([A-Za-z_][\\w-]*): ([^,{}\\[\\]\\n]+)");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  /** Past this many characters the regular expressions below would take quadratic time on a long line: insert instead. */
  private static final int SEARCHED = 100_000;

  private static final List<String> RETYPED = List.of("[]", "{}", "~", "null", "true", "no", "\"x\"", "''", "[1, 2]",
      "{a: 1}", "-1", "0", "1.5", "!!binary aGk=", "!!set {a, b}", "!!java.io.File [/]", "!custom x", "*undefined",
      "&anchor", "|\n  text", ">", "? [a, b]", "\"\\0\"", "\"\\uFFFF\"", "- a", "@", "`", "%", "{a: [b, {c: d}]}",
      "2001-12-14t21:59:43.10-05:00", "0x10", "0o17", "=", "<<", ".nan", "- - -");

  private static final List<String> HUGE = List.of("99999999999999999999999999", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "2147483647", "2147483648", "4294967296",
      "-2147483649", "1e309", "-1e309", "1e-400", "4.9e-324", "1.7976931348623157e308", ".inf", "-.inf", ".nan", "NaN",
      "Infinity", "-Infinity", "0x7fffffff", "0xffffffffffffffff", "0o777", "1_000_000_000_000", "1__0", "_1", "0x1p3",
      "1f", "1d", "+1", "00000000000000000000000001", "1" + "0".repeat(400), "1e99999999999", "-0", "0.0");

  private static final List<String> PATHS = List.of("/dev/zero", "/dev/null", "/proc/self/status", "data",
      "../../../../../../etc/passwd", "\"a\\0b.npy\"", "\"\\0\"", "~", "''", "data/disc.npy/..", "/", "//",
      "data/../data/ring.npy", "\"" + "x".repeat(5000) + ".npy\"", "data/README.md", "case.yaml", "\"\\t\"",
      "\"\\u0001.npy\"", "C:\\\\data.npy", "file:///etc/passwd", "data/*.npy", "\"data/disc.npy\\n\"");

  private static final List<String> YAML_FEATURES = List.of("%YAML 1.1\n---\n", "%YAML 9.9\n---\n",
      "%TAG ! tag:example.com,2000:\n---\n", "---\n", "...\n", "--- |\n", "x: &a 1\n", "<<: *a\n",
      "? [a, b]\n: c\n", "? {a: b}\n: c\n", "!!map\n", "--- !!str\n", "a: !!int x\n", "b: *b\n", "&a a: *a\n",
      "*a : b\n", "'\\\n", "\"\n", "[\n", "{\n", "- x\n", "#\n", ": x\n", "? \n", "!\n");

  private static final List<String> ODD_TEXT = List.of("\u0000", "\u0085", "\u2028", "\uFEFF", "\uFFFF", "\uFFFE",
      "\u00e9", "\u20ac", "\uD83D\uDE00", "\r", "\r\n", "\t", "\u000B", "\u001B[31m", "\u007F", "\u200B");

  static final List<Mutation> ALL = List.of(
      new Mutation("delete-line", Mutations::deleteLine),
      new Mutation("duplicate-line", Mutations::duplicateLine),
      new Mutation("swap-lines", Mutations::swapLines),
      new Mutation("truncate", (b, r) -> Arrays.copyOf(b, r.nextInt(b.length + 1))),
      new Mutation("flip-bytes", Mutations::flipBytes),
      new Mutation("insert-random-bytes", Mutations::insertRandomBytes),
      new Mutation("retype-value", (b, r) -> replaceValue(b, r, pick(r, RETYPED))),
      new Mutation("rename-key", Mutations::renameKey),
      new Mutation("duplicate-key", Mutations::duplicateKey),
      new Mutation("huge-number", Mutations::hugeNumber),
      new Mutation("deep-nesting", Mutations::deepNesting),
      new Mutation("long-string", Mutations::longString),
      new Mutation("alias-bomb", Mutations::aliasBomb),
      new Mutation("recursive-alias", (b, r) -> replaceValue(b, r, "&loop [*loop, *loop]")),
      new Mutation("tabs", Mutations::tabs),
      new Mutation("bom", Mutations::bom),
      new Mutation("non-utf-8", Mutations::nonUtf8),
      new Mutation("odd-characters", (b, r) -> insertText(b, r, pick(r, ODD_TEXT))),
      new Mutation("yaml-features", (b, r) -> insertText(b, r, pick(r, YAML_FEATURES))),
      new Mutation("data-path", Mutations::dataPath),
      new Mutation("many-stages", Mutations::manyStages));

  private Mutations() {}

  /** Applies one mutation, or (one case in five) two to four in a row; returns the bytes and the names applied. */
  static Mutated mutate(byte[] original, Random random) {
    int count = random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1;
    byte[] bytes = original;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Mutation m = ALL.get(random.nextInt(ALL.size()));
      bytes = m.apply().apply(bytes, random);
      names.add(m.name());
    }
    return new Mutated(bytes, String.join("+", names));
  }

  record Mutated(byte[] bytes, String names) {}

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T pick(Random r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  private static List<String> lines(byte[] b) {
    return new ArrayList<>(Arrays.asList(text(b).split("\n", -1)));
  }

  private static byte[] join(List<String> lines) {
    return bytes(String.join("\n", lines));
  }

  private static byte[] deleteLine(byte[] b, Random r) {
    List<String> lines = lines(b);
    lines.remove(r.nextInt(lines.size()));
    return join(lines);
  }

  private static byte[] duplicateLine(byte[] b, Random r) {
    List<String> lines = lines(b);
    int i = r.nextInt(lines.size());
    lines.add(i, lines.get(i));
    return join(lines);
  }

  private static byte[] swapLines(byte[] b, Random r) {
    List<String> lines = lines(b);
    java.util.Collections.swap(lines, r.nextInt(lines.size()), r.nextInt(lines.size()));
    return join(lines);
  }

  private static byte[] flipBytes(byte[] b, Random r) {
    byte[] out = b.clone();
    for (int i = 1 + r.nextInt(5); i > 0 && out.length > 0; i--) {
      out[r.nextInt(out.length)] = (byte) r.nextInt(256);
    }
    return out;
  }

  private static byte[] insertRandomBytes(byte[] b, Random r) {
    byte[] noise = new byte[1 + r.nextInt(64)];
    r.nextBytes(noise);
    int at = r.nextInt(b.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, at);
    out.writeBytes(noise);
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }

  private static byte[] insertText(byte[] b, Random r, String inserted) {
    String s = text(b);
    int at = r.nextInt(s.length() + 1);
    if (r.nextBoolean()) { // at a line start, where YAML syntax lives
      at = s.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
    }
    return bytes(s.substring(0, at) + inserted + s.substring(at));
  }

  /** Replaces the value of a random {@code key: value} (block or flow style) with {@code value}. */
  private static byte[] replaceValue(byte[] b, Random r, String value) {
    String s = text(b);
    if (s.length() > SEARCHED) {
      return insertText(b, r, "x: " + value + "\n");
    }
    List<int[]> spans = new ArrayList<>();
    Matcher block = KEY_VALUE.matcher(s);
    while (block.find()) {
      spans.add(new int[] {block.start(3), block.end(3)});
    }
    Matcher flow = FLOW_VALUE.matcher(s);
    while (flow.find()) {
      spans.add(new int[] {flow.start(2), flow.end(2)});
    }
    if (spans.isEmpty()) {
      return insertText(b, r, "x: " + value + "\n");
    }
    int[] span = pick(r, spans);
    return bytes(s.substring(0, span[0]) + value + s.substring(span[1]));
  }

  private static byte[] renameKey(byte[] b, Random r) {
    String s = text(b);
    if (s.length() > SEARCHED) {
      return b;
    }
    List<int[]> keys = new ArrayList<>();
    Matcher m = Pattern.compile("([A-Za-z_][\\w-]*):").matcher(s);
    while (m.find()) {
      keys.add(new int[] {m.start(1), m.end(1)});
    }
    if (keys.isEmpty()) {
      return b;
    }
    int[] k = pick(r, keys);
    String key = s.substring(k[0], k[1]);
    String renamed = switch (r.nextInt(4)) {
      case 0 -> key.substring(1);
      case 1 -> key + key.charAt(key.length() - 1);
      case 2 -> key.toUpperCase();
      default -> "k" + r.nextInt(1000);
    };
    return bytes(s.substring(0, k[0]) + renamed + s.substring(k[1]));
  }

  private static byte[] duplicateKey(byte[] b, Random r) {
    if (b.length > SEARCHED) {
      return b;
    }
    List<String> lines = lines(b);
    List<Integer> keyed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (KEY_VALUE.matcher(lines.get(i)).matches()) {
        keyed.add(i);
      }
    }
    if (keyed.isEmpty()) {
      return b;
    }
    int i = pick(r, keyed);
    lines.add(i + 1, lines.get(i).replaceFirst(":.*", ": " + pick(r, RETYPED))); // the same key, another value
    return join(lines);
  }

  private static byte[] hugeNumber(byte[] b, Random r) {
    String s = text(b);
    if (s.length() > SEARCHED) {
      return insertText(b, r, "x: " + pick(r, HUGE) + "\n");
    }
    List<int[]> numbers = new ArrayList<>();
    Matcher m = NUMBER.matcher(s);
    while (m.find()) {
      numbers.add(new int[] {m.start(), m.end()});
    }
    if (numbers.isEmpty()) {
      return replaceValue(b, r, pick(r, HUGE));
    }
    int[] n = pick(r, numbers);
    return bytes(s.substring(0, n[0]) + pick(r, HUGE) + s.substring(n[1]));
  }

  private static byte[] deepNesting(byte[] b, Random r) {
    int depth = List.of(60, 200, 1_000, 10_000, 100_000).get(r.nextInt(5));
    String nested = switch (r.nextInt(3)) {
      case 0 -> "[".repeat(depth) + "1" + "]".repeat(depth);
      case 1 -> "{a: ".repeat(depth) + "1" + "}".repeat(depth);
      default -> {
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < Math.min(depth, 5_000); i++) {
          block.append('\n').append(" ".repeat(i + 1)).append("- ");
        }
        yield block.append("1").toString();
      }
    };
    return replaceValue(b, r, nested);
  }

  private static byte[] longString(byte[] b, Random r) {
    int length = List.of(10_000, 100_000, 1_000_000, 4_000_000).get(r.nextInt(4));
    String filler = r.nextBoolean() ? "a".repeat(length) : "rf1".repeat(length / 3);
    if (r.nextBoolean()) {
      return replaceValue(b, r, filler);
    }
    return insertText(b, r, filler + ": 1\n"); // as a key
  }

  /** "Billion laughs": each level refers nine times to the one before. */
  private static byte[] aliasBomb(byte[] b, Random r) {
    StringBuilder bomb = new StringBuilder("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    int levels = 3 + r.nextInt(8);
    for (int i = 1; i <= levels; i++) {
      bomb.append("lol").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      }
      bomb.append("]\n");
    }
    String s = text(b);
    if (r.nextBoolean()) {
      return bytes(bomb + s); // beside the keys
    }
    byte[] withBomb = bytes(bomb + s);
    return replaceValue(withBomb, r, "*l" + levels); // and used as a value
  }

  private static byte[] tabs(byte[] b, Random r) {
    List<String> lines = lines(b);
    boolean all = r.nextBoolean();
    for (int i = 0; i < lines.size(); i++) {
      if (all || r.nextInt(4) == 0) {
        lines.set(i, lines.get(i).replaceFirst("^( +)", "\t"));
      }
    }
    return join(lines);
  }

  private static byte[] bom(byte[] b, Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b);
      case 1 -> concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text(b).getBytes(StandardCharsets.UTF_16BE));
      default -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text(b).getBytes(StandardCharsets.UTF_16LE));
    };
  }

  private static byte[] nonUtf8(byte[] b, Random r) {
    List<byte[]> invalid = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0x80},
        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82});
    if (r.nextInt(4) == 0) {
      return text(b).replace("e", "\u00e9").getBytes(StandardCharsets.ISO_8859_1); // a Latin-1 file
    }
    byte[] bad = pick(r, invalid);
    int at = r.nextInt(b.length + 1);
    return concat(concat(Arrays.copyOf(b, at), bad), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] dataPath(byte[] b, Random r) {
    String s = text(b);
    if (s.length() > SEARCHED) {
      return b;
    }
    String path = pick(r, PATHS);
    String replaced = s.replaceFirst("(npy|npz): [^,}\\n]+", (r.nextBoolean() ? "npy" : "npz") + ": " + Matcher.quoteReplacement(path));
    return bytes(replaced.equals(s) ? s.replaceFirst("source: [^\\n]+", "source: {npy: " + Matcher.quoteReplacement(path) + "}") : replaced);
  }

  /** Thousands of stages, each the teacher of the next: a long plan. */
  private static byte[] manyStages(byte[] b, Random r) {
    String s = text(b);
    int at = s.indexOf("stages:");
    if (at < 0) {
      return b;
    }
    int n = List.of(100, 1_000, 3_000).get(r.nextInt(3));
    StringBuilder stages = new StringBuilder("stages:\n  s0: {kind: rectify}\n");
    for (int i = 1; i < n; i++) {
      stages.append("  s").append(i).append(": {kind: reflow, teacher: s").append(r.nextInt(i)).append("}\n");
    }
    if (r.nextBoolean()) {
      stages.append("  s").append(n).append(": {kind: reflow, teacher: s").append(n).append("x}\n");
    }
    int end = s.indexOf("\nevaluation", at);
    return bytes(s.substring(0, at) + stages + (end < 0 ? "" : s.substring(end + 1)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
