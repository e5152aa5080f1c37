package org.reflow.lineage;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.StageRecord;

/**
 * {@code reflow lineage ID}'s question asked of the journal: resolves the ID — a checkpoint id, a
 * coupling id, a feature classifier id, {@code RUN/STAGE} or {@code RUN/STAGE@STEP} — and reads no more of the journal than
 * the answer needs: the runs that recorded the id, what it builds on and (for descendants) what was
 * derived from it, found through the {@link LineageIndex}; never every run one by one.
 */
public final class LineageQuery {

  /** What IDs look like and where to find them, for every refusal. */
  public static final String IDS = "an ID is a checkpoint id (ck-…), a coupling id (cp-…), a feature classifier id (fc-…),"
      + " RUN/STAGE or RUN/STAGE@STEP;"
      + " 'reflow runs' lists the runs and 'reflow show RUN' a run's stages and checkpoints";

  /** The ID names nothing in this home; the message says what IDs look like. */
  public static final class UnknownId extends RuntimeException {
    UnknownId(String message) {
      super(message);
    }
  }

  /** The lineage, and the runs it was read from (for OpenLineage's event times and attempts). */
  public record Answer(LineageNode lineage, Runs runs) {}

  private LineageQuery() {}

  /**
   * The upstream lineage of {@code id}, or everything derived from it when {@code descendants}.
   *
   * @param home REFLOW_HOME, where the {@link LineageIndex} is kept
   */
  public static Answer ask(Journal journal, Path home, String id, boolean descendants) {
    Supplier<LineageIndex> index = memoized(() -> LineageIndex.current(home, journal));
    String target = id;
    if (id.contains("/")) {
      String runId = id.substring(0, id.indexOf('/'));
      Runs run = read(journal, index, Set.of(runId));
      target = checkpointOf(run, id);
      if (!descendants) {
        return new Answer(Lineage.upstream(run, runId, target), run);
      }
    }
    Set<String> runIds = descendants ? index.get().runsDerivedFrom(target) : index.get().runsOf(target);
    Runs runs = read(journal, index, runIds);
    if (descendants) {
      return new Answer(Descendants.of(runs, target).orElseThrow(() -> unknown(id)), runs);
    }
    if (!runs.runsSaving(target).isEmpty()) {
      return new Answer(Lineage.upstream(runs, runs.runsSaving(target).get(0), target), runs);
    }
    if (!runs.runsGenerating(target).isEmpty()) {
      return new Answer(Lineage.upstreamOfCoupling(runs, target), runs);
    }
    if (runs.classifier(target).isEmpty()) {
      throw unknown(id);
    }
    return new Answer(Lineage.upstreamOfClassifier(runs, target), runs);
  }

  /**
   * The runs that saved the checkpoint or generated the coupling {@code id}, as the {@link LineageIndex}
   * of {@code home} knows them after reading what the journal added since; a caller reads those runs'
   * events for what they say of the id.
   */
  public static Set<String> runsRecording(Journal journal, Path home, String id) {
    return LineageIndex.current(home, journal).runsOf(id);
  }

  /**
   * The runs {@code runIds}, and every run that saved a checkpoint they build on (a warm start or a
   * teacher from another run), transitively; the index is consulted only when there is one.
   */
  private static Runs read(Journal journal, Supplier<LineageIndex> index, Set<String> runIds) {
    Map<String, List<Journal.Entry>> entries = new LinkedHashMap<>();
    Set<String> wanted = new LinkedHashSet<>(runIds);
    while (!wanted.isEmpty()) {
      wanted.forEach(r -> entries.put(r, journal.entries(r)));
      Set<String> more = new LinkedHashSet<>();
      Runs.of(entries).foreignCheckpoints().forEach(c -> more.addAll(index.get().runsOf(c)));
      more.removeAll(entries.keySet());
      wanted = more;
    }
    entries.values().removeIf(List::isEmpty);
    return Runs.of(entries);
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    Object[] value = new Object[1];
    return () -> {
      if (value[0] == null) {
        value[0] = supplier.get();
      }
      @SuppressWarnings("unchecked")
      T t = (T) value[0];
      return t;
    };
  }

  /** The checkpoint named by {@code RUN/STAGE} (its final one, else its latest) or {@code RUN/STAGE@STEP}. */
  static String checkpointOf(Runs runs, String id) {
    String runId = id.substring(0, id.indexOf('/'));
    String rest = id.substring(id.indexOf('/') + 1);
    String stageId = rest.contains("@") ? rest.substring(0, rest.indexOf('@')) : rest;
    RunHistory run = runs.run(runId).orElseThrow(() -> new UnknownId("no run '" + runId + "' in this home; " + IDS));
    StageRecord stage = run.stages().get(stageId);
    if (stage == null) {
      throw new UnknownId("run '" + runId + "' has no stage '" + stageId + "'; its stages: " + String.join(", ", run.stages().keySet()));
    }
    Optional<Event.CheckpointSaved> checkpoint;
    if (rest.contains("@")) {
      long step = step(rest.substring(rest.indexOf('@') + 1), id);
      checkpoint = stage.checkpoints().stream().filter(c -> c.step() == step).findFirst();
    } else {
      checkpoint = stage.finalCheckpoint().flatMap(stage::checkpoint).or(stage::lastCheckpoint);
    }
    return checkpoint.map(Event.CheckpointSaved::checkpointId).orElseThrow(() -> new UnknownId("stage '" + stageId
        + "' of run '" + runId + "' has no such checkpoint; its steps: " + steps(stage.checkpoints())));
  }

  private static long step(String text, String id) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new UnknownId("'" + id + "': the step after @ must be a whole number; " + IDS);
    }
  }

  private static List<Long> steps(List<Event.CheckpointSaved> checkpoints) {
    return checkpoints.stream().map(Event.CheckpointSaved::step).toList();
  }

  private static UnknownId unknown(String id) {
    return new UnknownId("no checkpoint, coupling or classifier '" + id + "' in this home; " + IDS);
  }
}
