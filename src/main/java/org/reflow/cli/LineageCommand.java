package org.reflow.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;
import org.reflow.lineage.Lineage;
import org.reflow.lineage.LineageDot;
import org.reflow.lineage.LineageNode;
import org.reflow.lineage.LineageText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow lineage ID}: where a checkpoint came from, read from the journal. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
      "Shows where a checkpoint came from: the stage that trained it, its warm start, the pairs it trained on"
          + " (a teacher's coupling with its solver, seed and shard hashes, or the data sources), back to the"
          + " spec — with each node's step, loss, hashes and metrics.",
      "Reads the journal, so it works while another process runs an experiment on the same home."
    })
final class LineageCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ID",
      description = "A checkpoint id (ck-…), RUN/STAGE (its final checkpoint) or RUN/STAGE@STEP.")
  private String id;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tree",
      description = "tree (for people, the default), json (nested nodes: kind, id, role, facts, inputs) or dot"
          + " (Graphviz: reflow lineage ID --format dot | dot -Tsvg > lineage.svg).")
  private String format;

  @Mixin private HomeOption home;

  @Override
  public Integer call() throws Exception {
    if (!java.util.List.of("tree", "json", "dot").contains(format)) {
      System.err.println("unknown --format '" + format + "': use tree, json or dot");
      return 2;
    }
    LineageNode lineage;
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      Journal journal = new Journal(system);
      Optional<String[]> found = resolve(journal);
      if (found.isEmpty()) {
        return 2;
      }
      lineage = Lineage.upstream(journal.history(found.get()[0]), found.get()[1]);
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    System.out.print(switch (format) {
      case "json" -> RunsCommand.JSON.writeValueAsString(lineage) + "\n";
      case "dot" -> LineageDot.graph(lineage);
      default -> LineageText.tree(lineage);
    });
    return 0;
  }

  /** [run id, checkpoint id] for the ID given, or empty after saying why. */
  private Optional<String[]> resolve(Journal journal) {
    int slash = id.indexOf('/');
    if (slash < 0) {
      for (String run : journal.runIds()) {
        boolean has = journal.history(run).stages().values().stream().anyMatch(s -> s.checkpoint(id).isPresent());
        if (has) {
          return Optional.of(new String[] {run, id});
        }
      }
      System.err.println("no checkpoint '" + id + "' in this home; 'reflow show RUN' lists a run's checkpoints");
      return Optional.empty();
    }
    String run = id.substring(0, slash);
    String rest = id.substring(slash + 1);
    String stageId = rest.contains("@") ? rest.substring(0, rest.indexOf('@')) : rest;
    RunHistory history = journal.history(run);
    StageRecord stage = history.stages().get(stageId);
    if (history.run().isEmpty() || stage == null) {
      System.err.println("no stage '" + stageId + "' in run '" + run + "'; 'reflow runs' and 'reflow show RUN' list them");
      return Optional.empty();
    }
    Optional<Event.CheckpointSaved> checkpoint;
    if (rest.contains("@")) {
      long step = Long.parseLong(rest.substring(rest.indexOf('@') + 1));
      checkpoint = stage.checkpoints().stream().filter(c -> c.step() == step).findFirst();
    } else {
      checkpoint = stage.finalCheckpoint().flatMap(stage::checkpoint).or(stage::lastCheckpoint);
    }
    if (checkpoint.isEmpty()) {
      System.err.println("stage '" + stageId + "' of run '" + run + "' has no such checkpoint; its steps: "
          + stage.checkpoints().stream().map(c -> Long.toString(c.step())).toList());
      return Optional.empty();
    }
    return Optional.of(new String[] {run, checkpoint.get().checkpointId()});
  }
}
