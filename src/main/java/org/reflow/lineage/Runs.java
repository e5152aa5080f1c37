package org.reflow.lineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunInfo;

/**
 * The runs a lineage is read from — one run, or every run of the home — with where each
 * checkpoint and coupling was recorded. A checkpoint id is its content hash, so identical
 * training in two runs records the same id in both: {@link #runsSaving} lists them all.
 */
public final class Runs {

  private final Map<String, RunHistory> histories;
  private final Map<String, List<Instant>> times;
  private final Map<String, List<String>> checkpointRuns = new LinkedHashMap<>();
  private final Map<String, List<String>> couplingRuns = new LinkedHashMap<>();
  /** Each feature classifier an image evaluation recorded, by id, and the runs whose metrics it measured. */
  private final Map<String, Event.Classifier> classifiers = new LinkedHashMap<>();
  private final Map<String, List<String>> classifierRuns = new LinkedHashMap<>();

  private Runs(Map<String, RunHistory> histories, Map<String, List<Instant>> times) {
    this.histories = histories;
    this.times = times;
    histories.forEach((runId, run) -> run.events().forEach(e -> {
      if (e instanceof Event.CheckpointSaved c) {
        checkpointRuns.computeIfAbsent(c.checkpointId(), id -> new ArrayList<>()).add(runId);
      } else if (e instanceof Event.CouplingMaterialized c) {
        couplingRuns.computeIfAbsent(c.couplingId(), id -> new ArrayList<>()).add(runId);
      } else if (e instanceof Event.MetricsRecorded m && m.classifier().isPresent()) {
        Event.Classifier c = m.classifier().get();
        classifiers.putIfAbsent(c.classifierId(), c);
        List<String> judged = classifierRuns.computeIfAbsent(c.classifierId(), id -> new ArrayList<>());
        if (!judged.contains(runId)) {
          judged.add(runId);
        }
      }
    }));
  }

  /** Runs as the journal returns them, each event with its write time. */
  public static Runs of(Map<String, List<Journal.Entry>> entries) {
    Map<String, RunHistory> histories = new LinkedHashMap<>();
    Map<String, List<Instant>> times = new LinkedHashMap<>();
    entries.forEach((runId, list) -> {
      histories.put(runId, RunHistory.of(list.stream().map(Journal.Entry::event).toList()));
      times.put(runId, list.stream().map(Journal.Entry::writtenAt).toList());
    });
    return new Runs(histories, times);
  }

  /** Runs without write times (hand-built histories): every event is dated at its run's submission. */
  public static Runs of(RunHistory... runs) {
    Map<String, RunHistory> histories = new LinkedHashMap<>();
    for (RunHistory run : runs) {
      histories.put(info(run).runId(), run);
    }
    return new Runs(histories, Map.of());
  }

  public Collection<RunHistory> all() {
    return histories.values();
  }

  /** The run, if it is among these and was submitted. */
  public Optional<RunHistory> run(String runId) {
    return Optional.ofNullable(histories.get(runId)).filter(r -> r.run().isPresent());
  }

  /** The runs that saved this checkpoint, in journal order. */
  public List<String> runsSaving(String checkpointId) {
    return checkpointRuns.getOrDefault(checkpointId, List.of());
  }

  /** The runs that generated this coupling, in journal order. */
  public List<String> runsGenerating(String couplingId) {
    return couplingRuns.getOrDefault(couplingId, List.of());
  }

  /** The feature classifier with this id, as the first run whose metrics it measured recorded it. */
  public Optional<Event.Classifier> classifier(String classifierId) {
    return Optional.ofNullable(classifiers.get(classifierId));
  }

  /** The runs with metrics measured by this feature classifier, in journal order. */
  public List<String> runsJudgedBy(String classifierId) {
    return classifierRuns.getOrDefault(classifierId, List.of());
  }

  /** When the run's {@code index}-th event was written (its submission time when unknown). */
  public Instant time(String runId, int index) {
    List<Instant> t = times.get(runId);
    return t != null && index < t.size() ? t.get(index) : info(histories.get(runId)).submittedAt();
  }

  /**
   * Checkpoints these runs build on but did not save — a warm start or teacher from a run not
   * loaded — so a reader of one run knows it must read the others.
   */
  public Set<String> foreignCheckpoints() {
    Set<String> foreign = new LinkedHashSet<>();
    for (RunHistory run : histories.values()) {
      for (Event e : run.events()) {
        if (e instanceof Event.CheckpointSaved c) {
          c.parentCheckpoint().ifPresent(foreign::add);
        } else if (e instanceof Event.CouplingMaterialized c) {
          foreign.add(c.teacherCheckpoint());
        }
      }
    }
    foreign.removeAll(checkpointRuns.keySet());
    return foreign;
  }

  static RunInfo info(RunHistory run) {
    return run.run().orElseThrow(() -> new IllegalArgumentException("the run has no history"));
  }
}
