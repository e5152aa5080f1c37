package org.reflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.home.Forgotten;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.report.RunDocuments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reflow runs}: every run in the home, from the journal. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the runs under REFLOW_HOME (not those forgotten with 'reflow rm'): id, experiment, status (completed, failed, or incomplete: running"
          + " now or stopped without an end), when it started, stages done.",
      "--json prints an array of objects with id, experiment, status, started, stagesDone, stages."
    })
final class RunsCommand implements Callable<Integer> {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin private HomeOption home;

  @Option(names = "--json", description = "Machine-readable output (stable; shapes in docs/runs-and-show.md).")
  private boolean json;

  @Override
  public Integer call() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      Journal journal = new Journal(system);
      Set<String> forgotten = Forgotten.runIds(system.settings().home());
      for (String id : journal.runIds()) {
        if (forgotten.contains(id)) {
          continue; // 'reflow rm' forgot it
        }
        rows.add(RunDocuments.row(id, journal.history(id)));
      }
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    if (json) {
      System.out.println(JSON.writeValueAsString(rows));
      return 0;
    }
    if (rows.isEmpty()) {
      System.out.println("no runs yet; start one with: ./reflow run experiments/three-gaussians.yaml");
      return 0;
    }
    System.out.printf("%-24s %-20s %-11s %-21s %s%n", "RUN", "EXPERIMENT", "STATUS", "STARTED", "STAGES DONE");
    for (Map<String, Object> r : rows) {
      System.out.printf("%-24s %-20s %-11s %-21s %s/%s%n", r.get("id"), r.get("experiment"), r.get("status"),
          r.get("started"), r.get("stagesDone"), r.get("stages"));
    }
    return 0;
  }
}
