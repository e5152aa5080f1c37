package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The reflow command line in this JVM, its standard output captured, for tests of whole commands. */
public final class Cli {

  private Cli() {}

  /** Runs {@code reflow args…}, checks its exit status and returns what it printed. */
  public static String expect(int expectedCode, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute(args);
    } finally {
      System.setOut(saved);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(expectedCode, code, text);
    return text;
  }
}
