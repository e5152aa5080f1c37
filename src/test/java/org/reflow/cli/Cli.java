package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import picocli.CommandLine;

/** The reflow command line in this JVM, its output captured, for tests of whole commands. */
public final class Cli {

  /** A command's exit status, standard output and standard error. */
  public record Result(int code, String out, String err) {}

  private Cli() {}

  /** Runs {@code reflow args…} and returns its status and what it printed on both streams. */
  public static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute(args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code reflow args…}, checks its exit status and returns what it printed on standard output. */
  public static String expect(int expectedCode, String... args) {
    Result result = run(args);
    assertEquals(expectedCode, result.code(), result.out() + result.err());
    return result.out();
  }

  /** The run id of {@code run}'s or {@code resume}'s first line, {@code run <ID>: …}. */
  public static String runId(String output) {
    Matcher m = Pattern.compile("^run (\\S+): ", Pattern.MULTILINE).matcher(output);
    assertTrue(m.find(), output);
    return m.group(1);
  }

  /** A run's history as the journal of {@code home} holds it now. */
  public static RunHistory history(Path home, String runId) {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      return new Journal(system).history(runId);
    }
  }
}
