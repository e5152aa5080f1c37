package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.ChildProcess;

/**
 * {@code run --profile} in its own process prints where the run's wall time went, and
 * {@code show RUN --timings} prints the same table later from what the run recorded: every part
 * is there, the Trainer's measured parts fit inside the stages' spans, and the table's wall time
 * is the process's own, measured from outside.
 */
class RunTimingsTest {

  private static final Pattern ROW = Pattern.compile("^  (\\S.*?)\\s+(-?\\d+\\.\\d\\d)\\s+-?\\d+\\.\\d%", Pattern.MULTILINE);

  @TempDir Path home;

  @Test
  @Timeout(300)
  void aProfiledRunsPartsAddUpToTheWallTimeItsProcessTookAndShowPrintsTheSameTable() throws Exception {
    long before = System.nanoTime();
    String output;
    try (ChildProcess run = ChildProcess.java(Main.class, List.of("run", "src/test/resources/specs/valid/tiny-chain.yaml",
        "--home", home.toString(), "--profile"), true, Map.of())) {
      output = run.awaitExit(0, Duration.ofMinutes(4));
    }
    double outside = (System.nanoTime() - before) / 1e9;
    String runId = Cli.runId(output);
    String[] lines = output.strip().split("\n");
    assertTrue(lines[lines.length - 1].equals("run " + runId + " completed"), "the last line stays last:\n" + output);
    Map<String, Double> parts = parts(output.substring(output.indexOf("timings of run " + runId)));

    for (String part : List.of("start-up", "coupling generation", "training steps", "waiting for pair batches",
        "checkpoint writes", "checkpoint acknowledgements", "other training time", "between stages",
        "final evaluations", "report", "shutdown", "summary and the rest", "wall")) {
      assertTrue(parts.containsKey(part), "the table has '" + part + "':\n" + output);
    }
    double wall = parts.get("wall");
    assertTrue(wall <= outside && wall > outside - 3, "the process took " + outside + " s seen from outside; the table says "
        + wall + "\n" + output);
    double sum = parts.entrySet().stream().filter(e -> !e.getKey().equals("wall")).mapToDouble(Map.Entry::getValue).sum();
    assertEquals(wall, sum, 0.02, "the parts sum to the wall time\n" + output);
    assertTrue(parts.get("start-up") > 0.2, "a JVM, an actor system and a journal take time to start\n" + output);
    assertTrue(parts.get("training steps") > 0 && parts.get("coupling generation") > 0, output);
    assertTrue(parts.get("other training time") > -0.01,
        "the Trainer's measured parts fit inside the stages' spans in the journal\n" + output);
    assertTrue(parts.get("between stages") >= 0 && parts.get("between stages") < wall / 2, output);
    assertTrue(output.contains("180 steps"), "3 stages x 60 steps\n" + output);
    assertTrue(Files.exists(home.resolve(runId).resolve("timings.json")));

    String shown = Cli.expect(0, "show", runId, "--timings", "--home", home.toString());
    assertEquals(parts, parts(shown), "show --timings reads the same table back\n" + shown);
  }

  private static Map<String, Double> parts(String table) {
    Map<String, Double> parts = new LinkedHashMap<>();
    Matcher m = ROW.matcher(table);
    while (m.find()) {
      parts.put(m.group(1).strip(), Double.parseDouble(m.group(2)));
    }
    return parts;
  }
}
