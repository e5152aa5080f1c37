package org.reflow.cli;

import java.util.Locale;

/** Byte counts and file counts as people read them. */
final class Sizes {

  private Sizes() {}

  /** 1536 → "1.5 KB"; powers of 1024, one decimal. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** "1 file", "3 files". */
  static String files(long count) {
    return count + (count == 1 ? " file" : " files");
  }
}
