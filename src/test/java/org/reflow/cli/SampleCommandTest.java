package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.experiment.ReflowSystem;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.TrainingCheckpoint;
import org.reflow.flow.solve.Euler;
import org.reflow.rand.Rng;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecReader;
import org.reflow.store.ArtifactStore;
import org.reflow.store.Npy;
import org.reflow.store.NpyArray;
import picocli.CommandLine;

/**
 * {@code reflow sample} against a real run of the tiny chain in a fresh REFLOW_HOME: the samples
 * are exactly an Euler solve of the stage's final checkpoint from the run's π0, the same whether
 * named by RUN/STAGE or by checkpoint id, reproducible by seed; mistakes exit 2 naming the problem.
 */
class SampleCommandTest {

  private static final String SPEC = "src/test/resources/specs/valid/tiny-chain.yaml";

  @TempDir static Path home;
  @TempDir Path out;

  private static String runId;
  private static Event.CheckpointSaved rf2Final;

  @BeforeAll
  static void runTheTinyChain() throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Main()).execute("run", SPEC, "--home", home.toString());
    } finally {
      System.setOut(saved);
    }
    String text = stdout.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.matches("run \\S+ completed"), text);
    runId = last.split(" ")[1];

    List<Event> events = journal(runId);
    String finalId = events.stream().filter(e -> e instanceof Event.StageCompleted c && c.stage().equals("rf2"))
        .map(e -> ((Event.StageCompleted) e).finalCheckpoint()).reduce((a, b) -> b).orElseThrow();
    rf2Final = events.stream().filter(e -> e instanceof Event.CheckpointSaved c && c.checkpointId().equals(finalId))
        .map(Event.CheckpointSaved.class::cast).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void aStageIsSampledAsAnEulerSolveOfItsFinalCheckpointFromThePi0OfTheRun() throws Exception {
    Path file = out.resolve("rf2.npy");
    Cli.Result r = sample(runId + "/rf2", "--solver", "euler:10", "--count", "300", "--seed", "7", "--out", file.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("wrote " + file + ": 300 samples of 2 dims from " + rf2Final.checkpointId() + " (stage rf2 of run "
        + runId + ") with euler:10 (NFE 10)", r.out().strip());

    NpyArray written = Npy.read(file);
    assertArrayEquals(new int[] {300, 2}, written.shape());

    // independently: the checkpoint from the store by its recorded hash, π0 from the experiment file
    ArtifactStore store = ArtifactStore.open(home);
    TrainingCheckpoint checkpoint = CheckpointFile.read(store.path(rf2Final.sha256()), Optional.of(rf2Final.sha256()));
    ExperimentSpec spec = SpecReader.read(Path.of(SPEC), List.of());
    Points x0 = spec.source().open(spec.seed(), "pi0").sample(Rng.of(7, "sample", "x0", 0), 300);
    Points expected = new Euler(10).solve(checkpoint.model(false).field(), x0, false).points();
    assertArrayEquals(expected.values(), written.data());
  }

  @Test
  void aNetworkThatOutputsTheConstantFieldBMovesEveryPointOfAOnePointPi0ToPPlusB(@TempDir Path own) throws Exception {
    // π0 is the point p (every row of its file) and the network outputs b whatever x and t: the exact flow
    // takes p to p + b, so every sample is p + b for every solver and seed. Nothing here comes from the code
    // under test: no generator key, no solver, no checkpoint reader.
    float[] p = {1.5f, -2f};
    float[] b = {3f, 4f};
    Path points = own.resolve("point.npy");
    float[] rows = new float[64 * 2];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = p[i % 2];
    }
    Npy.write(points, new NpyArray(new int[] {64, 2}, rows));
    String yaml = """
        experiment: constant-field
        seed: 1
        data:
          source: {npy: %s}
          target: {npy: %s}
        model: {hidden: [4]}
        defaults:
          train: {steps: 1}
        stages:
          rf1: {kind: rectify}
        """.formatted(points, points);
    String runId = ConstantFieldRun.write(own, yaml, b);

    for (String solver : List.of("euler:1", "euler:7", "heun:3", "rk45")) {
      for (String seed : List.of("1", "2")) {
        Path file = out.resolve("constant-" + solver.replace(':', '-') + "-" + seed + ".npy");
        Cli.Result r = sample(own, runId + "/rf1", "--solver", solver, "--count", "50", "--seed", seed, "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        NpyArray written = Npy.read(file);
        assertArrayEquals(new int[] {50, 2}, written.shape());
        for (int i = 0; i < 50; i++) {
          assertEquals(p[0] + b[0], written.data()[2 * i], 1e-5, solver + " seed " + seed + " sample " + i);
          assertEquals(p[1] + b[1], written.data()[2 * i + 1], 1e-5, solver + " seed " + seed + " sample " + i);
        }
      }
    }
  }

  @Test
  void aBareCheckpointIdGivesTheSameFileAsItsRunAndStage() throws Exception {
    Path byStage = out.resolve("by-stage.npy");
    Path byId = out.resolve("by-id.npy");
    assertEquals(0, sample(runId + "/rf2", "--solver", "heun:3", "--count", "50", "--seed", "3", "--out", byStage.toString()).code());
    Cli.Result r = sample(rf2Final.checkpointId(), "--solver", "heun:3", "--count", "50", "--seed", "3", "--out", byId.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("from " + rf2Final.checkpointId() + " (stage rf2 of run " + runId + ") with heun:3 (NFE 6)"), r.out());
    assertArrayEquals(Files.readAllBytes(byStage), Files.readAllBytes(byId));
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
    Path first = out.resolve("first.npy");
    Path again = out.resolve("again.npy");
    Path other = out.resolve("other.npy");
    for (var run : List.of(List.of("11", first), List.of("11", again), List.of("12", other))) {
      Cli.Result r = sample(runId + "/rf1", "--solver", "rk45", "--count", "64", "--seed", (String) run.get(0),
          "--out", run.get(1).toString());
      assertEquals(0, r.code(), r.err());
    }
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(other)));
  }

  @Test
  void anUnknownIdExitsWithTwoAndListsTheIdsThereAre() {
    Path file = out.resolve("never.npy");
    Cli.Result unknownCheckpoint = sample("ck-0000000000000000", "--solver", "euler:1", "--count", "5", "--seed", "1",
        "--out", file.toString());
    assertEquals(2, unknownCheckpoint.code());
    assertTrue(unknownCheckpoint.err().contains("unknown checkpoint 'ck-0000000000000000'"), unknownCheckpoint.err());
    assertTrue(unknownCheckpoint.err().contains(runId + "/rf2 (" + rf2Final.checkpointId() + ")"), unknownCheckpoint.err());

    Cli.Result unknownRun = sample("19990101-000000-0000/rf2", "--solver", "euler:1", "--count", "5", "--seed", "1",
        "--out", file.toString());
    assertEquals(2, unknownRun.code());
    assertTrue(unknownRun.err().contains("unknown run '19990101-000000-0000'"), unknownRun.err());

    Cli.Result unknownStage = sample(runId + "/rf3", "--solver", "euler:1", "--count", "5", "--seed", "1",
        "--out", file.toString());
    assertEquals(2, unknownStage.code());
    assertTrue(unknownStage.err().contains("has no stage 'rf3'") && unknownStage.err().contains("rf2-distilled"), unknownStage.err());
    assertFalse(Files.exists(file));
  }

  @Test
  void aBadSolverOrCountExitsWithTwoNamingTheValidForms() {
    Path file = out.resolve("never.npy");
    Cli.Result badSolver = sample(runId + "/rf2", "--solver", "euler", "--count", "5", "--seed", "1", "--out", file.toString());
    assertEquals(2, badSolver.code());
    assertTrue(badSolver.err().contains("invalid solver 'euler'") && badSolver.err().contains(
        org.reflow.flow.solve.Solver.VALID_FORMS), badSolver.err());

    Cli.Result zero = sample(runId + "/rf2", "--solver", "euler:4", "--count", "0", "--seed", "1", "--out", file.toString());
    assertEquals(2, zero.code());
    assertTrue(zero.err().contains("--count must be at least 1, got 0"), zero.err());
    assertFalse(Files.exists(file));
  }

  @Test
  void aCorruptCheckpointExitsWithOneNamingTheFile() throws Exception {
    Path artifact = ArtifactStore.open(home).path(rf2Final.sha256());
    byte[] original = Files.readAllBytes(artifact);
    byte[] damaged = original.clone();
    damaged[damaged.length / 2] ^= 1;
    Files.write(artifact, damaged);
    try {
      Cli.Result r = sample(runId + "/rf2", "--solver", "euler:2", "--count", "5", "--seed", "1",
          "--out", out.resolve("never.npy").toString());
      assertEquals(1, r.code());
      assertTrue(r.err().contains(artifact + " is corrupt"), r.err());
    } finally {
      Files.write(artifact, original);
    }
  }

  private static Cli.Result sample(String... args) {
    return sample(home, args);
  }

  private static Cli.Result sample(Path inHome, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "sample";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--home";
    all[args.length + 2] = inHome.toString();
    return Cli.run(all);
  }

  private static List<Event> journal(String runId) throws Exception {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      return system.readJournal().currentEventsByPersistenceId("experiment|" + runId, 0, Long.MAX_VALUE)
          .map(EventEnvelope::event).map(Event.class::cast)
          .runWith(Sink.seq(), system.actorSystem()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
