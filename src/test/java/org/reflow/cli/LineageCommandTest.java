package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.bench.SyntheticHome;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import picocli.CommandLine;

/** {@code reflow lineage} on a real home: two synthetic runs written through the Experiment actor and the H2 journal. */
class LineageCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;

  @BeforeAll
  static void twoRuns() throws Exception {
    try (ReflowSystem<SpawnProtocol.Command> system = ReflowSystem.start(SpawnProtocol.create(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      SyntheticHome.write(system, 0, 2, 2);
    }
  }

  @Test
  void everyKindOfIdAndFormatAnswersFromTheJournal() throws Exception {
    String deepest = SyntheticHome.checkpointId("bench-0001", "rf6", 2500);
    JsonNode byStage = JSON.readTree(Cli.expect(0, "lineage", "bench-0001/rf6", "--format", "json", "--home", home.toString()));
    assertEquals(deepest, byStage.get("id").asText());
    assertEquals(byStage, JSON.readTree(Cli.expect(0, "lineage", deepest, "--format", "json", "--home", home.toString())));
    assertTrue(home.resolve("lineage-index.tsv").toFile().exists(), "a bare id is found through the index");

    assertTrue(Cli.expect(0, "lineage", "cp-bench-0000-rf3", "--home", home.toString())
        .startsWith("coupling cp-bench-0000-rf3 (run bench-0000, stage rf3"));
    String first = SyntheticHome.checkpointId("bench-0000", "rf1", 500);
    String descendants = Cli.expect(0, "lineage", first, "--descendants", "--home", home.toString());
    assertTrue(descendants.contains("checkpoint " + SyntheticHome.checkpointId("bench-0000", "rf6", 2500)), descendants);
    assertTrue(!descendants.contains("bench-0001"), "the other run shares nothing with this one");

    String[] events = Cli.expect(0, "lineage", "bench-0001/rf6", "--format", "openlineage", "--home", home.toString()).strip().split("\n");
    assertEquals(12, events.length, "a START and a COMPLETE for each of the six stages");
    for (String line : events) {
      assertTrue(JSON.readTree(line).get("run").get("runId").asText().matches("[0-9a-f-]{36}"), line);
    }
    assertTrue(Cli.expect(0, "lineage", "bench-0000/rf2@1000", "--format", "dot", "--home", home.toString()).startsWith("digraph"));
  }

  @Test
  void aDeletedLineageIndexIsRebuiltWithEveryRecordOfTheJournal() throws Exception {
    String deepest = SyntheticHome.checkpointId("bench-0001", "rf6", 2500);
    Path index = home.resolve("lineage-index.tsv");
    String answer = Cli.expect(0, "lineage", deepest, "--home", home.toString());
    Files.delete(index);
    assertEquals(answer, Cli.expect(0, "lineage", deepest, "--home", home.toString()), "the same answer without the index");
    assertTrue(Files.exists(index), "the index was rebuilt");

    // what it holds, derived here from the journal: each checkpoint and coupling with the run, stage and
    // ids it came from, and each run read to its last event
    Set<String> expected = new TreeSet<>();
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      Journal journal = new Journal(system);
      for (String run : journal.runIds()) {
        List<Journal.Entry> entries = journal.entries(run);
        expected.add("run\t" + run + "\t" + entries.size() + "\tcompleted");
        for (Journal.Entry entry : entries) {
          if (entry.event() instanceof Event.CheckpointSaved c) {
            expected.add(String.join("\t", "ck", c.checkpointId(), run, c.stage(), c.parentCheckpoint().orElse("-"),
                c.couplingId().orElse("-")));
          } else if (entry.event() instanceof Event.CouplingMaterialized c) {
            expected.add(String.join("\t", "cp", c.couplingId(), run, c.stage(), c.teacherCheckpoint(), "-"));
          }
        }
      }
    }
    List<String> rebuilt = Files.readAllLines(index);
    assertEquals(expected.size(), rebuilt.size() - 1, "one line per record, after the header");
    assertEquals(expected, new TreeSet<>(rebuilt.subList(1, rebuilt.size())));
    assertTrue(expected.stream().filter(line -> line.startsWith("cp\t")).count() >= 2, "couplings are among the records");
  }

  @Test
  void anUnknownIdOrFormatExitsWithTwoSayingWhatIsExpected() {
    String unknown = refused("lineage", "ck-0000", "--home", home.toString());
    assertTrue(unknown.contains("checkpoint id (ck-…), a coupling id (cp-…), a feature classifier id (fc-…), RUN/STAGE") && unknown.contains("reflow runs"), unknown);
    assertTrue(refused("lineage", "bench-0000/rf9", "--home", home.toString()).contains("its stages: rf1, rf2"));
    assertTrue(refused("lineage", "x", "--format", "xml", "--home", home.toString()).contains("use tree, json, dot, openlineage"));
  }


  private static String refused(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, new CommandLine(new Main()).execute(args));
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
