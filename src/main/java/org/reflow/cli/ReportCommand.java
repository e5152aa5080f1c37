package org.reflow.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.report.RunReport;
import org.reflow.spec.DataFiles;
import org.reflow.text.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow report RUN}: writes the run's self-contained HTML report, at any time. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a run's report: one self-contained HTML file (charts embedded, no network needed to open it) with"
          + " the run's header and spec, training loss per stage, distance to the target against function"
          + " evaluations, straightness and transport cost against k, for 2-D data samples, trajectories and the"
          + " couplings' crossings, the lineage graph, and every recorded metric.",
      "Works on a completed, failed or running run (it shows what is recorded so far). Prints the path written;"
          + " open it with any browser, e.g. xdg-open REFLOW_HOME/RUN/report.html.",
      "The run's data is read from the folder of the experiment file it was started with. A data file that is not"
          + " the bytes the run recorded (by SHA-256) refuses the report, naming the file and both hashes (exit 1),"
          + " unless " + DataFiles.ACCEPT_OPTION + " is given."
    })
final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id, as 'reflow runs' lists it.")
  private String runId;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the report (default: REFLOW_HOME/RUN/report.html; replaced if it exists).")
  private Path out;

  @Option(names = DataFiles.ACCEPT_OPTION,
      description = "Write the report although a data file of the run changed since it was recorded: its samples are"
          + " then drawn from the files as they are now, and the page says so. Nothing is recorded.")
  private boolean acceptChangedData;

  @Mixin private HomeOption home;

  @Override
  public Integer call() {
    if (!IdArguments.isRunId(runId)) {
      return 2;
    }
    if (out != null && Files.isDirectory(out)) {
      System.err.println("--out " + out + " is a folder; give a file name, e.g. " + out.resolve("report.html"));
      return 2;
    }
    Path written;
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      Journal journal = new Journal(system);
      RunHistory history = journal.history(runId);
      Path homeDir = system.settings().home();
      if (history.run().isEmpty()) {
        System.err.println("no run '" + runId + "' in " + homeDir + Suggest.hint(runId, journal.runIds())
            + "; 'reflow runs' lists the runs (use --home for another home)");
        return 2;
      }
      List<DataFiles.Changed> changed = DataFiles.changed(history.run().orElseThrow().dataSha256());
      if (!changed.isEmpty() && !acceptChangedData) {
        System.err.println(DataFiles.refusal(runId, "the report", changed));
        return 1;
      }
      written = RunReport.write(history, homeDir, out != null ? out : RunReport.defaultPath(homeDir, runId));
    } catch (ReflowHomeException | UncheckedIOException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    System.out.println("wrote " + written);
    return 0;
  }
}
