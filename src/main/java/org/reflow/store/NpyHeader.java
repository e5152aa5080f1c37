package org.reflow.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dictionary at the start of a {@code .npy} file, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}: parsed from the small
 * subset of Python literals numpy writes there, and rendered exactly as numpy 2 renders it.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** numpy pads the magic, version, length and dictionary to a multiple of this many bytes. */
  private static final int ALIGN = 64;

  /** numpy leaves room for the growth axis to reach this many digits (numpy.lib.format). */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  private static final String EXPECTED =
      "a header like {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";

  /** Parses the dictionary text of a header; {@code source} names the file in errors. */
  static NpyHeader parse(String text, String source) {
    Object value = new Literal(text, source).parseAll();
    if (!(value instanceof Map<?, ?> dict) || !dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
      throw malformed(text, source);
    }
    if (!(dict.get("descr") instanceof String descr)) {
      throw new ArrayFormatException(source, "a structured dtype " + dict.get("descr"),
          "a plain float32 or float64 array", "save one field at a time with np.save(path, x['field'].astype(np.float32))");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortran) || !(dict.get("shape") instanceof List<?> axes)) {
      throw malformed(text, source);
    }
    long[] shape = new long[axes.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(axes.get(i) instanceof Long extent) || extent < 0) {
        throw malformed(text, source);
      }
      shape[i] = extent;
    }
    return new NpyHeader(descr, fortran, shape);
  }

  /**
   * The magic, version 1.0, length and padded dictionary of a little-endian float32 C-order array
   * of this shape: the same bytes {@code np.save} writes.
   */
  static byte[] render(int[] shape) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
    if (shape.length > 0) {
      dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
    }
    int prefix = MAGIC.length + 2 + 2;
    int unpadded = dict.length() + 1;
    // numpy: padlen = ARRAY_ALIGN - ((MAGIC_LEN + 2 + hlen) % ARRAY_ALIGN), never 0
    int padding = ALIGN - (prefix + unpadded) % ALIGN;
    int length = unpadded + padding;
    if (length > 0xFFFF) {
      throw new IllegalArgumentException("a " + shape.length + "-dimensional array has too long a .npy header");
    }
    ByteBuffer out = ByteBuffer.allocate(prefix + length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) length);
    out.put(dict.getBytes(StandardCharsets.ISO_8859_1)).put(" ".repeat(padding).getBytes(StandardCharsets.ISO_8859_1));
    out.put((byte) '\n');
    return out.array();
  }

  /** A shape as Python prints a tuple: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
  static String shapeText(int[] shape) {
    long[] wide = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      wide[i] = shape[i];
    }
    return shapeText(wide);
  }

  static String shapeText(long[] shape) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      text.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return text.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private static ArrayFormatException malformed(String text, String source) {
    String shown = text.strip();
    return new ArrayFormatException(source, "the header " + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown),
        EXPECTED, "the file is damaged or was not written by numpy; write it again with np.save");
  }

  /** A reader of the Python literals numpy writes: dict, tuple, list, str, int, True, False, None. */
  private static final class Literal {
    private static final Object NONE = new Object();
    private final String text;
    private final String source;
    private int at;

    Literal(String text, String source) {
      this.text = text;
      this.source = source;
    }

    Object parseAll() {
      Object value = value();
      skipSpace();
      if (at != text.length()) {
        throw malformed(text, source);
      }
      return value;
    }

    private Object value() {
      skipSpace();
      if (at >= text.length()) {
        throw malformed(text, source);
      }
      char c = text.charAt(at);
      if (c == '{') {
        return dict();
      }
      if (c == '(' || c == '[') {
        return sequence(c == '(' ? ')' : ']');
      }
      if (c == '\'' || c == '"') {
        return string(c);
      }
      if (c == '-' || Character.isDigit(c)) {
        return integer();
      }
      return word();
    }

    private Map<Object, Object> dict() {
      Map<Object, Object> dict = new LinkedHashMap<>();
      at++;
      while (!closes('}')) {
        Object key = value();
        expect(':');
        dict.put(key, value());
        separator('}');
      }
      return dict;
    }

    private List<Object> sequence(char close) {
      List<Object> items = new ArrayList<>();
      at++;
      while (!closes(close)) {
        items.add(value());
        separator(close);
      }
      return items;
    }

    private String string(char quote) {
      StringBuilder s = new StringBuilder();
      for (at++; at < text.length() && text.charAt(at) != quote; at++) {
        if (text.charAt(at) == '\\') {
          at++;
        }
        if (at < text.length()) {
          s.append(text.charAt(at));
        }
      }
      expect(quote);
      return s.toString();
    }

    private Long integer() {
      int start = at;
      at++;
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        at++;
      }
      try {
        long value = Long.parseLong(text.substring(start, at));
        if (at < text.length() && text.charAt(at) == 'L') {
          at++; // Python 2 long literal, written by old numpy
        }
        return value;
      } catch (NumberFormatException e) {
        throw malformed(text, source);
      }
    }

    private Object word() {
      int start = at;
      while (at < text.length() && Character.isLetter(text.charAt(at))) {
        at++;
      }
      return switch (text.substring(start, at)) {
        case "True" -> Boolean.TRUE;
        case "False" -> Boolean.FALSE;
        case "None" -> NONE;
        default -> throw malformed(text, source);
      };
    }

    /** True, and steps past it, when the next non-space character is {@code close}. */
    private boolean closes(char close) {
      skipSpace();
      if (at < text.length() && text.charAt(at) == close) {
        at++;
        return true;
      }
      return false;
    }

    /** After an item: a comma, or the closing bracket (left for {@link #closes}). */
    private void separator(char close) {
      skipSpace();
      if (at < text.length() && text.charAt(at) == ',') {
        at++;
      } else if (at >= text.length() || text.charAt(at) != close) {
        throw malformed(text, source);
      }
    }

    private void expect(char c) {
      skipSpace();
      if (at >= text.length() || text.charAt(at) != c) {
        throw malformed(text, source);
      }
      at++;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
