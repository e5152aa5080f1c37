package org.reflow.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.data.Distribution;
import org.reflow.data.FashionMnist;
import org.reflow.data.ImageGrid;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.StepEngines;
import org.reflow.flow.TrainingCheckpoint;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.Solver;
import org.reflow.lineage.LineageQuery;
import org.reflow.rand.Rng;
import org.reflow.spec.DataFiles;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecException;
import org.reflow.spec.SpecReader;
import org.reflow.store.ArtifactStore;
import org.reflow.store.CorruptArtifactException;
import org.reflow.store.Npy;
import org.reflow.store.NpyArray;
import org.reflow.text.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reflow sample}: draws fresh points of a run's π0 and carries them through a trained
 * checkpoint's flow from t = 0 to 1, into a float32 {@code [count, dim]} .npy file. What is
 * sampled is found in the journal (read side only); the checkpoint is read from the artifact
 * store after checking its recorded SHA-256.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Samples a trained flow: draws COUNT fresh points of the run's π0 (data.source of its recorded spec,"
          + " the run's own pool when it has one) with the generator keyed by --seed, integrates them from"
          + " t=0 to t=1 with the checkpoint's network (not its EMA) and the chosen solver, and writes them as"
          + " a float32 [COUNT, DIM] .npy file (np.load opens it).",
      "The same ID, solver, count and seed always give the same bytes. Relative data paths of the recorded spec are"
          + " read from the folder of the experiment file the run was started with, wherever sample runs.",
      "A data file that is not the bytes the run recorded (by SHA-256) refuses to sample, naming the file and both"
          + " hashes (exit 1), unless " + DataFiles.ACCEPT_OPTION + " is given.",
      "Prints 'wrote FILE: ...' (exit 0); bad arguments or an unknown ID exit 2; a missing or corrupt"
          + " artifact, or a recorded spec that can no longer be read, exits 1."
    })
final class SampleCommand implements Callable<Integer> {

  /** How many sampleable ids an "unknown id" error lists. */
  private static final int LISTED_IDS = 20;

  @Parameters(index = "0", paramLabel = "ID",
      description = "What to sample: a checkpoint id as the journal records it (e.g. ck-d267db2fbf10f239), or"
          + " RUN/STAGE for that stage's final checkpoint (e.g. 20250101-120000-3fa2/rf2; RUN is the id"
          + " 'reflow run' prints). An unknown ID lists the ids there are.")
  private String id;

  @Option(names = "--solver", required = true, paramLabel = "SOLVER",
      description = "How to integrate from t=0 to t=1: euler:STEPS, heun:STEPS (STEPS >= 1), rk45 (default"
          + " tolerances) or rk45:RTOL:ATOL, e.g. euler:1, heun:10, rk45:1e-5:1e-5.")
  private String solverText;

  @Option(names = "--count", required = true, paramLabel = "N",
      description = "How many points to sample (>= 1): the rows of the output array.")
  private int count;

  @Option(names = "--seed", required = true, paramLabel = "S",
      description = "Seed of the generator that draws the π0 points (keyed S, \"sample\", \"x0\"); independent of"
          + " the run's own seed, which still fixes its π0 pool.")
  private long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE.npy",
      description = "The .npy file to write (replaced if it exists; its folder must exist).")
  private Path out;

  @Option(names = "--png", paramLabel = "FILE.png",
      description = "Also draw the samples as a grid of 28x28 grey images (-1 black, 1 white), 16 to a row: for"
          + " flows of 784-pixel images such as Fashion-MNIST's.")
  private Path png;

  @Option(names = DataFiles.ACCEPT_OPTION,
      description = "Sample although a data file of the run changed since it was recorded (π0 is then drawn from the"
          + " file as it is now); a missing data file is still refused. Nothing is recorded.")
  private boolean acceptChangedData;

  @Mixin private HomeOption home;

  /** A problem a person can act on, with the exit code it ends the command with. */
  private static final class Refusal extends RuntimeException {
    final int exitCode;

    Refusal(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  /** The checkpoint an ID names, and the run that recorded it. */
  private record Target(String runId, String stage, String checkpointId, long step, String sha256, RunInfo run) {}

  @Override
  public Integer call() {
    try {
      return sample();
    } catch (Refusal e) {
      System.err.println(e.getMessage());
      return e.exitCode;
    } catch (CorruptArtifactException | ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  private int sample() {
    if (count <= 0) {
      throw new Refusal(2, "--count must be at least 1, got " + count);
    }
    Solver solver;
    try {
      solver = Solver.parse(solverText);
    } catch (IllegalArgumentException e) {
      throw new Refusal(2, "--solver: " + e.getMessage());
    }
    Path outParent = out.toAbsolutePath().getParent();
    if (outParent == null || !Files.isDirectory(outParent)) {
      throw new Refusal(2, "--out " + out + ": the folder " + outParent + " does not exist; create it first");
    }
    if (Files.isDirectory(out)) {
      throw new Refusal(2, "--out " + out + " is a folder; give a file name, e.g. " + out.resolve("samples.npy"));
    }
    if (id.isBlank()) {
      throw new Refusal(2, "ID is empty; give a checkpoint id (ck-…) or RUN/STAGE");
    }
    if (!IdArguments.isCheckpointOrStage(id)) {
      return 2;
    }
    Config config = ReflowSystem.config(home.config());
    Path homeDir = Path.of(config.getString("reflow.home"));
    if (!Files.isDirectory(homeDir)) {
      throw new Refusal(2, "there are no runs: REFLOW_HOME " + homeDir + " does not exist; give the folder"
          + " 'reflow run' used with --home DIR or $REFLOW_HOME");
    }

    Target target;
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), config)) {
      target = resolve(new Journal(system), homeDir);
    } catch (IllegalStateException e) {
      throw new Refusal(1, e.getMessage() + "; is the journal database reachable and written by this version?");
    }

    String what = "checkpoint " + target.checkpointId() + " (step " + target.step() + " of stage '" + target.stage()
        + "' of run " + target.runId() + ")";
    ArtifactStore store = ArtifactStore.open(homeDir);
    TrainingCheckpoint checkpoint = CheckpointFile.read(store.verified(target.sha256(), what), Optional.of(target.sha256()));

    List<DataFiles.Changed> changed = DataFiles.changed(target.run().dataSha256());
    if (!changed.isEmpty()) {
      if (!acceptChangedData || changed.stream().anyMatch(c -> !c.present())) {
        throw new Refusal(1, DataFiles.refusal(target.runId(), "sampling its π0", changed));
      }
      changed.forEach(c -> System.err.println("sampling with a changed data file (" + DataFiles.ACCEPT_OPTION + "): " + c));
    }
    // a run recorded before the spec's folder was: relative data paths resolve from the current folder
    Path specDirectory = Path.of(Objects.requireNonNullElse(target.run().specDirectory(), ".")).toAbsolutePath();
    ExperimentSpec spec;
    try {
      spec = SpecReader.parse(target.run().specYaml(), "run " + target.runId() + " spec", specDirectory, List.of());
    } catch (SpecException e) {
      throw new Refusal(1, "the spec recorded for run " + target.runId() + " cannot be read again, so its π0 is"
          + " unknown:\n" + e.getMessage() + "\nits relative data paths are looked up in " + specDirectory
          + ", the folder of the experiment file the run was started with");
    }
    int dim = checkpoint.spec().dim();
    if (spec.source().dim() != dim) {
      throw new Refusal(1, "the run's π0 (data.source) is " + spec.source().dim() + "-dimensional but " + what
          + " is a " + checkpoint.spec().describe() + "; the journal and the artifact store disagree");
    }
    if ((long) count * dim > Integer.MAX_VALUE - 8) {
      throw new Refusal(2, "--count " + count + " of " + dim + "-dimensional points is more than one array holds;"
          + " use at most " + (Integer.MAX_VALUE - 8) / dim + " and sample again with another --seed for more");
    }

    Distribution pi0;
    try {
      pi0 = spec.source().open(spec.seed(), "pi0");
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new Refusal(1, "cannot open the π0 of run " + target.runId() + ": " + e.getMessage());
    }
    if (png != null && dim != FashionMnist.PIXELS) {
      throw new Refusal(2, "--png draws 28x28 images of " + FashionMnist.PIXELS + " values, but this flow's points have "
          + dim + " dimensions; leave --png out");
    }
    Points x0 = pi0.sample(Rng.of(seed, "sample", "x0", 0), count);
    SolveResult result;
    try {
      result = solver.solve(StepEngines.field(checkpoint, false), x0, false);
    } catch (IllegalStateException e) {
      throw new Refusal(1, "solving with " + solver.describe() + " failed: " + e.getMessage()
          + "; try a fixed-step solver such as euler:100 or looser rk45 tolerances");
    }
    try {
      Npy.write(out, new NpyArray(new int[] {count, dim}, result.points().values()));
    } catch (IOException e) {
      throw new Refusal(1, "cannot write " + out + ": " + e.getMessage() + " (is the disk full or the folder read-only?)");
    }
    System.out.printf("wrote %s: %d samples of %d dims from %s (stage %s of run %s) with %s (NFE %d)%n",
        out, count, dim, target.checkpointId(), target.stage(), target.runId(), solver.describe(), result.evaluations());
    if (png != null) {
      try {
        ImageGrid.writePng(result.points(), 16, png);
      } catch (IOException e) {
        throw new Refusal(1, "cannot write " + png + ": " + e.getMessage() + " (is the disk full or the folder read-only?)");
      }
      System.out.printf("wrote %s: the %d samples as 28x28 images%n", png, count);
    }
    return 0;
  }

  private Target resolve(Journal journal, Path homeDir) {
    int slash = id.indexOf('/');
    return slash < 0 ? byCheckpointId(journal, homeDir) : byStage(journal, homeDir, id.substring(0, slash), id.substring(slash + 1));
  }

  private Target byStage(Journal journal, Path homeDir, String runId, String stageId) {
    if (runId.isEmpty() || stageId.isEmpty()) {
      throw new Refusal(2, "ID '" + id + "' is neither a checkpoint id (ck-…) nor RUN/STAGE with both parts"
          + " given; " + knownIds(journal));
    }
    RunHistory history = journal.history(runId);
    RunInfo run = history.run().orElseThrow(() -> new Refusal(2, "unknown run '" + runId + "' in " + homeDir
        + Suggest.hint(runId, runIds(journal)) + "; " + knownIds(journal)));
    StageRecord stage = history.stages().get(stageId);
    if (stage == null) {
      throw new Refusal(2, "run " + runId + " has no stage '" + stageId + "'"
          + Suggest.hint(stageId, history.stages().keySet()) + "; its stages: "
          + String.join(", ", history.stages().keySet()));
    }
    String finalCheckpoint = stage.finalCheckpoint().orElseThrow(() -> new Refusal(2, "stage '" + stageId + "' of run "
        + runId + " has not completed, so it has no final checkpoint; " + (stage.checkpoints().isEmpty()
            ? "it saved no checkpoint yet"
            : "sample one it saved by its id: " + String.join(", ",
                stage.checkpoints().stream().map(c -> c.checkpointId() + " (step " + c.step() + ")").toList()))));
    Event.CheckpointSaved c = stage.checkpoint(finalCheckpoint).orElseThrow(() -> new Refusal(1, "the journal of run "
        + runId + " names " + finalCheckpoint + " as the final checkpoint of stage '" + stageId + "' but records no"
        + " CheckpointSaved for it; the journal is incomplete"));
    return new Target(runId, stageId, c.checkpointId(), c.step(), c.sha256(), run);
  }

  /**
   * The runs that recorded the checkpoint, as the lineage index knows them (each checked against its
   * events); runs are visited in id (start time) order, the first match wins.
   */
  private Target byCheckpointId(Journal journal, Path homeDir) {
    for (String runId : LineageQuery.runsRecording(journal, homeDir, id).stream().sorted().toList()) {
      RunHistory history = journal.history(runId);
      if (history.run().isEmpty()) {
        continue;
      }
      for (Event e : history.events()) {
        if (e instanceof Event.CheckpointSaved c && c.checkpointId().equals(id)) {
          return new Target(runId, c.stage(), c.checkpointId(), c.step(), c.sha256(), history.run().get());
        }
      }
    }
    throw new Refusal(2, "unknown checkpoint '" + id + "': no run in " + homeDir + " recorded it; " + knownIds(journal));
  }

  /** "ids here: RUN/STAGE (ck-…), …", the sampleable ids of the journal, for an error message. */
  private static String knownIds(Journal journal) {
    List<String> ids = new ArrayList<>();
    for (String runId : runIds(journal)) {
      for (Journal.Entry e : journal.entries(runId)) {
        if (e.event() instanceof Event.StageCompleted c) {
          ids.add(runId + "/" + c.stage() + " (" + c.finalCheckpoint() + ")");
        }
      }
    }
    String how = "the ids a run records are its RUN/STAGE pairs (RUN is printed first by 'reflow run') and the"
        + " checkpoint ids of its CheckpointSaved events";
    if (ids.isEmpty()) {
      return how + "; no stage has completed in this REFLOW_HOME yet (pass --home DIR or set $REFLOW_HOME"
          + " to the folder 'reflow run' used)";
    }
    List<String> shown = ids.size() > LISTED_IDS ? ids.subList(ids.size() - LISTED_IDS, ids.size()) : ids;
    return how + "; completed stages here" + (ids.size() > LISTED_IDS ? " (latest " + LISTED_IDS + " of " + ids.size() + ")" : "")
        + ":\n  " + String.join("\n  ", shown);
  }

  /** The journal's run ids in id (start time) order. */
  private static List<String> runIds(Journal journal) {
    return journal.runIds().stream().sorted().toList();
  }
}
