package org.reflow.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.RunState.Active;
import org.reflow.experiment.RunState.Finished;
import org.reflow.experiment.RunState.NotSubmitted;

/**
 * A run as the read side sees it: its events, in journal order, folded into the same
 * {@link RunState} the Experiment recovers — plus what the state does not keep, the metric
 * values. For commands that read while another process writes (runs, show, sample).
 */
public record RunHistory(RunState state, List<Event> events) {

  /** Folds events as the Experiment's event handler applies them. */
  public static RunHistory of(List<Event> events) {
    RunState state = new NotSubmitted();
    for (Event e : events) {
      state = after(state, e);
    }
    return new RunHistory(state, List.copyOf(events));
  }

  private static RunState after(RunState state, Event e) {
    if (state instanceof NotSubmitted && e instanceof Event.ExperimentSubmitted s) {
      return Active.submitted(s);
    }
    if (state instanceof Active a) {
      if (e instanceof Event.ExperimentCompleted c) {
        return new Finished(a.run(), a.stages(), Optional.of(c.completedAt()), Optional.empty());
      }
      if (e instanceof Event.ExperimentFailed f) {
        return new Finished(a.run(), a.stages(), Optional.empty(), Optional.of(f.reason()));
      }
      if (e instanceof Event.ExperimentCancelled c) {
        return Finished.ofCancelled(a, c);
      }
      return a.apply(e);
    }
    if (state instanceof Finished f && e instanceof Event.MetricsRecorded m) {
      return f.withMetrics(m);
    }
    if (state instanceof Finished f && f.resumable() && e instanceof Event.ExperimentResumed) {
      return f.resumed();
    }
    if (state instanceof Finished f && f.resumable() && e instanceof Event.DataChangeAccepted a) {
      return f.withAccepted(a);
    }
    throw new IllegalStateException("the journal holds " + e.getClass().getSimpleName() + " where the run is "
        + state.getClass().getSimpleName() + "; the journal is damaged or was written by another version");
  }

  public Optional<RunInfo> run() {
    if (state instanceof Active a) {
      return Optional.of(a.run());
    }
    return state instanceof Finished f ? Optional.of(f.run()) : Optional.empty();
  }

  public Map<String, StageRecord> stages() {
    if (state instanceof Active a) {
      return a.stages();
    }
    return state instanceof Finished f ? f.stages() : Map.of();
  }

  /**
   * "completed", "completed with failures" (a variant failed, its siblings completed), "failed",
   * "cancelled" (a person stopped it), or "incomplete" (running now, or stopped without an end).
   */
  public String status() {
    if (state instanceof Finished f && f.cancelled().isPresent()) {
      return "cancelled";
    }
    if (state instanceof Finished f) {
      return !f.succeeded() ? "failed" : f.failedStages().isEmpty() ? "completed" : "completed with failures";
    }
    return "incomplete";
  }

  /** Why the run failed, when it did. */
  public Optional<String> failure() {
    return state instanceof Finished f ? f.failure() : Optional.empty();
  }

  /** For each solver, the metrics of the stage's latest evaluated checkpoint. */
  public Map<String, Event.MetricsRecorded> latestMetrics(String stage) {
    Map<String, Event.MetricsRecorded> latest = new LinkedHashMap<>();
    for (Event e : events) {
      if (e instanceof Event.MetricsRecorded m && m.stage().equals(stage)) {
        Event.MetricsRecorded seen = latest.get(m.solver());
        if (seen == null || seen.step() <= m.step()) {
          latest.put(m.solver(), m);
        }
      }
    }
    return latest;
  }

  /** Every metrics event of a stage, in order. */
  public List<Event.MetricsRecorded> metrics(String stage) {
    List<Event.MetricsRecorded> out = new ArrayList<>();
    events.stream().filter(e -> e instanceof Event.MetricsRecorded m && m.stage().equals(stage))
        .forEach(e -> out.add((Event.MetricsRecorded) e));
    return out;
  }
}
