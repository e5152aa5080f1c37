package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.store.Npy;
import org.reflow.store.NpyArray;
import org.reflow.store.Sha256;

/**
 * A run whose experiment file sits in a folder of its own with relative data paths, started,
 * sampled and reported from this JVM's working directory (the module folder, not that folder):
 * sample and report read the data from the folder the run recorded; the run records each data
 * file's SHA-256; resume, sample and report refuse a changed or missing file, naming it and both
 * hashes, unless --accept-changed-data, which resume records as a DataChangeAccepted.
 */
class RecordedDataTest {

  private static final String SPEC = """
      experiment: recorded-data
      seed: 3
      data:
        source: {npy: data/x0.npy}
        target: {npy: data/x1.npy}
      model: {hidden: [16]}
      defaults:
        train: {steps: 20, batch: 128, lr: 5.0e-3, checkpoint_every: 20}
      stages:
        rf1: {kind: rectify}
        rf2: {kind: reflow, teacher: rf1, init: rf1, pairs: {count: 256, solver: "euler:4"}, train: {lr: 1.0e30}}
      evaluation: {every: 20, samples: 100, solvers: ["euler:1"]}
      """;

  @TempDir static Path home;
  @TempDir static Path experiment;
  @TempDir Path out;

  private static String runId;
  private static Path x0;
  private static Path x1;
  /** The files' hashes when the run started (a test below changes x0). */
  private static Map<String, String> startedWith;

  /** rf1 completes; rf2 diverges (its learning rate), so the run fails and can be resumed. */
  @BeforeAll
  static void runFromAnotherFolder() throws Exception {
    Files.createDirectories(experiment.resolve("data"));
    x0 = experiment.resolve("data/x0.npy").toAbsolutePath();
    x1 = experiment.resolve("data/x1.npy").toAbsolutePath();
    Npy.write(x0, points(1, 0f));
    Npy.write(x1, points(2, 3f));
    startedWith = Map.of(x0.toString(), Sha256.hex(x0), x1.toString(), Sha256.hex(x1));
    Path file = experiment.resolve("exp.yaml");
    Files.writeString(file, SPEC);
    assertFalse(Files.exists(Path.of("data/x0.npy").toAbsolutePath()), "the working directory must not hold the data");
    Cli.Result run = Cli.run("run", file.toString(), "--home", home.toString());
    assertEquals(1, run.code(), run.out() + run.err());
    String last = run.out().strip().substring(run.out().strip().lastIndexOf('\n') + 1);
    assertTrue(last.matches("run \\S+ failed"), run.out());
    runId = last.split(" ")[1];
  }

  @Test
  void theSubmissionRecordsEachDataFilesSha256AndSampleAndReportFindTheDataInTheRecordedFolder() throws Exception {
    Event.ExperimentSubmitted submitted = (Event.ExperimentSubmitted) events().get(0);
    assertEquals(startedWith, submitted.dataSha256());

    Path samples = out.resolve("rf1.npy");
    Cli.Result sample = Cli.run("sample", runId + "/rf1", "--solver", "euler:2", "--count", "10", "--seed", "1",
        "--out", samples.toString(), "--home", home.toString());
    assertEquals(0, sample.code(), sample.err());
    assertEquals(10, Npy.read(samples).shape()[0]);

    Path page = out.resolve("report.html");
    Cli.Result report = Cli.run("report", runId, "--out", page.toString(), "--home", home.toString());
    assertEquals(0, report.code(), report.err());
    assertFalse(Files.readString(page).contains("cannot be sampled"), "the report samples the run's flows");
  }

  @Test
  void aChangedDataFileIsRefusedByResumeSampleAndReportUntilAResumeAcceptsItAndRecordsTheChange() throws Exception {
    String recorded = Sha256.hex(x0);
    NpyArray changed = Npy.read(x0);
    changed.data()[0] += 1f;
    Npy.write(x0, changed);
    String now = Sha256.hex(x0);
    int eventsBefore = events().size();

    Path samples = out.resolve("s.npy");
    List<Cli.Result> refused = List.of(
        Cli.run("resume", runId, "--home", home.toString()),
        Cli.run("sample", runId + "/rf1", "--solver", "euler:2", "--count", "10", "--seed", "1", "--out", samples.toString(),
            "--home", home.toString()),
        Cli.run("report", runId, "--out", out.resolve("r.html").toString(), "--home", home.toString()));
    for (Cli.Result r : refused) {
      assertEquals(1, r.code(), r.out() + r.err());
      assertTrue(r.err().contains(x0 + ": recorded SHA-256 " + recorded + ", now " + now), r.err());
      assertTrue(r.err().contains("--accept-changed-data"), r.err());
    }
    assertFalse(Files.exists(samples));
    assertEquals(eventsBefore, events().size(), "a refused resume records nothing");

    Cli.Result sample = Cli.run("sample", runId + "/rf1", "--solver", "euler:2", "--count", "10", "--seed", "1",
        "--out", samples.toString(), "--accept-changed-data", "--home", home.toString());
    assertEquals(0, sample.code(), sample.err());
    assertTrue(sample.err().contains("changed data file"), sample.err());
    Cli.Result report = Cli.run("report", runId, "--out", out.resolve("r.html").toString(), "--accept-changed-data",
        "--home", home.toString());
    assertEquals(0, report.code(), report.err());
    assertTrue(Files.readString(out.resolve("r.html")).contains("a data file is not what the run recorded"));

    Cli.Result resume = Cli.run("resume", runId, "--accept-changed-data", "--home", home.toString());
    assertEquals(1, resume.code(), "rf2 diverges again:\n" + resume.out() + resume.err());
    assertTrue(resume.out().contains("accepted a changed data file"), resume.out());
    List<Event> events = events();
    int at = events.indexOf(events.stream().filter(e -> e instanceof Event.DataChangeAccepted).findFirst().orElseThrow());
    Event.DataChangeAccepted accepted = (Event.DataChangeAccepted) events.get(at);
    assertEquals(List.of(x0.toString(), recorded, now), List.of(accepted.path(), accepted.recordedSha256(), accepted.acceptedSha256()));
    assertInstanceOf(Event.ExperimentResumed.class, events.get(at + 1), "recorded with the resumption it belongs to");
    assertEquals(now, history().run().orElseThrow().dataSha256().get(x0.toString()), "the run now reads the new bytes");
    assertEquals(0, Cli.run("sample", runId + "/rf1", "--solver", "euler:2", "--count", "10", "--seed", "1", "--out",
        samples.toString(), "--home", home.toString()).code(), "the accepted file is the run's file now");
  }

  @Test
  void aMissingDataFileIsRefusedEvenWithTheFlagAndNamedAsMissing() throws Exception {
    Path aside = experiment.resolve("x1.aside");
    Files.move(x1, aside);
    try {
      Cli.Result resume = Cli.run("resume", runId, "--accept-changed-data", "--home", home.toString());
      assertEquals(1, resume.code(), resume.out() + resume.err());
      assertTrue(resume.err().contains(x1 + ": recorded SHA-256 ") && resume.err().contains("now missing"), resume.err());
      assertTrue(resume.err().contains("put each missing file back"), resume.err());
      Cli.Result sample = Cli.run("sample", runId + "/rf1", "--solver", "euler:2", "--count", "3", "--seed", "1", "--out",
          out.resolve("m.npy").toString(), "--accept-changed-data", "--home", home.toString());
      assertEquals(1, sample.code(), sample.err());
      assertTrue(sample.err().contains("now missing"), sample.err());
    } finally {
      Files.move(aside, x1);
    }
  }

  private static NpyArray points(long seed, float shift) {
    Random random = new Random(seed);
    float[] data = new float[512 * 2];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian() + shift;
    }
    return new NpyArray(new int[] {512, 2}, data);
  }

  private static org.reflow.experiment.RunHistory history() {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      return new Journal(system).history(runId);
    }
  }

  private static List<Event> events() {
    return history().events();
  }
}
