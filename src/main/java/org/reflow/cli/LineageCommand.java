package org.reflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.home.Forgotten;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.lineage.LineageDot;
import org.reflow.lineage.LineageQuery;
import org.reflow.lineage.LineageText;
import org.reflow.lineage.OpenLineageEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow lineage ID}: where a checkpoint or coupling came from, or what was derived from it, read from the journal. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
      "Shows where a checkpoint or coupling came from: the stage that trained it (attempts, resumptions), its warm"
          + " start, the pairs it trained on (a teacher's coupling with its solver, seed and shard hashes, or the"
          + " data sources), back to the spec — with each node's step, loss, hashes and metrics, and for images the"
          + " feature classifier the metrics were measured with (its recipe, test accuracy and the runs it measured).",
      "With --descendants, instead everything derived from it in every run of the home: couplings it taught,"
          + " flows and distillations trained on them, stages warm-started from it, checkpoints continuing it.",
      "Reads the journal, so it works while another process runs an experiment on the same home."
    })
final class LineageCommand implements Callable<Integer> {

  private static final List<String> FORMATS = List.of("tree", "json", "dot", "openlineage");
  private static final ObjectMapper NDJSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "ID",
      description = "A checkpoint id (ck-…), a coupling id (cp-…), a feature classifier id (fc-…), RUN/STAGE (its final"
          + " checkpoint) or RUN/STAGE@STEP.")
  private String id;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tree",
      description = "tree (for people, the default), json (nested nodes: kind, id, role, facts, inputs or outputs),"
          + " dot (Graphviz: reflow lineage ID --format dot | dot -Tsvg > lineage.svg) or openlineage"
          + " (OpenLineage RunEvents, one JSON object a line, START and COMPLETE/FAIL/ABORT per stage attempt).")
  private String format;

  @Option(names = "--descendants", description = "Everything derived from ID, in every run, instead of where it came from.")
  private boolean descendants;

  @Mixin private HomeOption home;

  @Override
  public Integer call() throws Exception {
    if (!FORMATS.contains(format)) {
      System.err.println("unknown --format '" + format + "': use " + String.join(", ", FORMATS));
      return 2;
    }
    if (!IdArguments.isLineageId(id)) {
      return 2;
    }
    LineageQuery.Answer answer;
    String namespace;
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      String run = id.split("/", 2)[0];
      if (id.contains("/") && Forgotten.isForgotten(system.settings().home(), run)) {
        System.err.println(Forgotten.message(system.settings().home(), run));
        return 2;
      }
      answer = LineageQuery.ask(new Journal(system), system.settings().home(), id, descendants);
      namespace = "reflow://" + system.settings().home();
    } catch (LineageQuery.UnknownId e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    switch (format) {
      case "json" -> System.out.println(RunsCommand.JSON.writeValueAsString(answer.lineage()));
      case "dot" -> System.out.print(LineageDot.graph(answer.lineage()));
      case "openlineage" -> {
        for (Map<String, Object> event : OpenLineageEvents.of(answer.runs(), answer.lineage(), namespace)) {
          System.out.println(NDJSON.writeValueAsString(event));
        }
      }
      default -> System.out.print(LineageText.tree(answer.lineage()));
    }
    return 0;
  }
}
