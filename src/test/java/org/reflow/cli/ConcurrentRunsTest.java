package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;

/**
 * Runs started together on one home, as a script launching them in parallel does: four real
 * child JVMs running the real command line at the same instant. Every one starts and completes
 * with its own events, and none of them shows the home's journal secret anywhere.
 */
class ConcurrentRunsTest {

  private static final int RUNS = 4;

  @TempDir Path home;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void fourRunsStartedAtOnceOnOneHomeAllCompleteEachWithItsOwnEvents() throws Exception {
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      children.add(run());
    }
    List<CompletableFuture<String>> outputs = children.stream()
        .map(child -> CompletableFuture.supplyAsync(() -> readAll(child))).toList();
    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      Process child = children.get(i);
      assertTrue(child.waitFor(8, TimeUnit.MINUTES), "run " + i + " did not end within 8 minutes");
      String output = outputs.get(i).get(1, TimeUnit.MINUTES);
      assertEquals(0, child.exitValue(), "run " + i + " of " + RUNS + " started together failed:\n" + output);
      Matcher id = Pattern.compile("^run (\\S+): ", Pattern.MULTILINE).matcher(output);
      assertTrue(id.find(), output);
      runIds.add(id.group(1));
      assertTrue(output.contains("run " + id.group(1) + " completed"), output);
    }
    assertEquals(RUNS, Set.copyOf(runIds).size(), "every run has its own id: " + runIds);

    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      Journal journal = new Journal(system);
      assertEquals(Set.copyOf(runIds), Set.copyOf(journal.runIds()));
      for (String runId : runIds) {
        RunHistory history = journal.history(runId);
        assertEquals("completed", history.status(), runId);
        Event.ExperimentSubmitted submitted = assertInstanceOf(Event.ExperimentSubmitted.class, history.events().get(0));
        assertEquals(runId, submitted.runId(), "the first event under " + runId + " is its own submission");
        assertEquals(1, history.events().stream().filter(Event.ExperimentSubmitted.class::isInstance).count(), runId);
        assertInstanceOf(Event.ExperimentCompleted.class, history.events().get(history.events().size() - 1));
      }
    }

    String secret = Files.readString(home.resolve("journal.secret"), StandardCharsets.US_ASCII);
    for (String output : outputs.stream().map(CompletableFuture::join).toList()) {
      assertFalse(output.contains(secret), "a run printed the journal secret");
    }
    assertEquals(Set.of(), filesHolding(secret), "files under the home that hold the journal secret");
  }

  /** {@code reflow run} of the tiny chain, shortened, in a child JVM on the test's home. */
  private Process run() throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "src/test/resources/specs/valid/tiny-chain.yaml",
        "--set", "defaults.train.steps=20", "--set", "defaults.train.checkpoint_every=20",
        "--set", "evaluation.every=20", "--home", home.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String readAll(Process child) {
    try {
      return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  /** Every file under the home, but the secret's own, whose bytes contain {@code secret}. */
  private Set<Path> filesHolding(String secret) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.US_ASCII);
    Set<Path> holding = new HashSet<>();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (!file.getFileName().toString().equals("journal.secret") && contains(Files.readAllBytes(file), needle)) {
          holding.add(home.relativize(file));
        }
      }
    }
    return holding;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
