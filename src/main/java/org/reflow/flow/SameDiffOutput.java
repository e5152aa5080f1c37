package org.reflow.flow;

import java.io.PrintStream;

/**
 * SameDiff 1.0.0-M2.1 prints a line to standard output for every op it differentiates
 * ({@code "Added differentiated op ..."}), which would land in the middle of a command's output
 * (a JSON document, a table). This drops exactly those lines and passes everything else through.
 */
final class SameDiffOutput extends PrintStream {

  private static final String CHATTER = "Added differentiated op ";

  private SameDiffOutput(PrintStream out) {
    super(out, true);
  }

  /** Installs the filter on {@code System.out} once; later calls do nothing. */
  static synchronized void quiet() {
    if (!(System.out instanceof SameDiffOutput)) {
      System.setOut(new SameDiffOutput(System.out));
    }
  }

  @Override
  public void println(String line) {
    if (line == null || !line.startsWith(CHATTER)) {
      super.println(line);
    }
  }
}
