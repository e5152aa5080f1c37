package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;

/**
 * The run id {@code reflow run} prints names a run the journal already holds: a child
 * {@code reflow run} is killed with SIGKILL the moment its id line appears, and the journal
 * then has that run's submission.
 */
class RunIdPrintedAfterSubmissionTest {

  private static final Pattern ID_LINE = Pattern.compile("^run (\\S+): experiment ");

  @TempDir Path home;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theIdLineAppearsOnlyOnceTheJournalHoldsTheSubmission() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "src/test/resources/specs/valid/tiny-chain.yaml", "--home", home.toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String runId = null;
    StringBuilder seen = new StringBuilder();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        seen.append(line).append('\n');
        Matcher m = ID_LINE.matcher(line);
        if (m.find()) {
          child.destroyForcibly(); // SIGKILL at once: whatever is not in the journal now never will be
          runId = m.group(1);
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(runId != null, "no id line:\n" + seen);
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      RunHistory history = new Journal(system).history(runId);
      assertTrue(history.run().isPresent(), "run " + runId + " was printed but its submission is not in the journal");
    }
  }
}
