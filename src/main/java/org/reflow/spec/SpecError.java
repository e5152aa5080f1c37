package org.reflow.spec;

/**
 * One problem in an experiment file: where (file, 1-based line and column, field path) and
 * what — phrased so a person can fix it without reading the source.
 */
public record SpecError(String file, int line, int column, String path, String message) {

  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line + ":" + column : file;
    return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
