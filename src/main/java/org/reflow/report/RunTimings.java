package org.reflow.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;

/**
 * Where a run's wall time went, from what it recorded: the journal's write time of every event,
 * the Trainer's {@link Event.TrainingTimes} on each checkpoint, each evaluation's seconds, and
 * {@link ProcessTimes} for the report and shutdown. The parts of {@link #parts()} follow the run's
 * timeline, so with one Trainer they add up to its wall time; parallel branches overlap, shown as
 * a negative part. Runs recorded before the times were show what their events' write times tell.
 *
 * @param runId the run
 * @param parts the timeline's parts, in order; their seconds sum to {@code wallSeconds}
 * @param wallSeconds from the process's start (else the submission) to its end (else the run's last event)
 * @param steps training steps the Trainers' times cover
 * @param evaluationSeconds the Evaluators' time over every measurement (beside training, not part of the sum)
 * @param evaluations the measurements (one per checkpoint and solver)
 * @param fastestStepMillis the fastest checkpoint interval's milliseconds per step (NaN without times)
 * @param notes what the table cannot show, and why
 */
public record RunTimings(String runId, List<Part> parts, double wallSeconds, long steps, double evaluationSeconds,
    int evaluations, double fastestStepMillis, List<String> notes) {

  /** One part of the timeline; {@code detail} says what it covers. */
  public record Part(String name, double seconds, String detail) {}

  /** The run's timings from its journal entries and, when present, its process's {@link ProcessTimes}. */
  public static RunTimings of(String runId, List<Journal.Entry> entries, Optional<ProcessTimes> process) {
    if (entries.isEmpty() || !(entries.get(0).event() instanceof Event.ExperimentSubmitted submitted)) {
      throw new IllegalArgumentException("run " + runId + " has no submission in the journal; nothing to time");
    }
    List<String> notes = new ArrayList<>();
    Instant start = submitted.processStartedAt().orElse(submitted.submittedAt());
    if (submitted.processStartedAt().isEmpty()) {
      notes.add("the run was recorded before its process start was: start-up is from its submission's own clock");
    }
    Instant submittedWritten = entries.get(0).writtenAt();
    Map<String, Instant> generationFrom = new LinkedHashMap<>();
    List<Instant[]> generating = new ArrayList<>();
    List<Instant[]> training = new ArrayList<>();
    double steps = 0;
    double pairWait = 0;
    double ackWait = 0;
    double write = 0;
    long stepCount = 0;
    double fastest = Double.NaN;
    double evaluationSeconds = 0;
    int evaluations = 0;
    int timedEvaluations = 0;
    Map<String, Instant> trainingFrom = new LinkedHashMap<>();
    Instant lastStageEnd = submittedWritten;
    Instant end = entries.get(entries.size() - 1).writtenAt();
    boolean resumed = false;
    for (Journal.Entry entry : entries) {
      Event e = entry.event();
      if (e instanceof Event.ExperimentResumed) {
        resumed = true;
      } else if (e instanceof Event.StageStarted s) { // runs recorded before StageAssigned: from the start
        generationFrom.put(s.stage(), entry.writtenAt());
        trainingFrom.put(s.stage(), entry.writtenAt());
      } else if (e instanceof Event.StageAssigned a) {
        (a.role().equals("trainer") ? trainingFrom : generationFrom).put(a.stage(), entry.writtenAt());
      } else if (e instanceof Event.CouplingMaterialized c && generationFrom.containsKey(c.stage())) {
        generating.add(new Instant[] {generationFrom.get(c.stage()), entry.writtenAt()});
        trainingFrom.putIfAbsent(c.stage(), entry.writtenAt());
      } else if (e instanceof Event.CheckpointSaved c && c.times().isPresent()) {
        Event.TrainingTimes t = c.times().get();
        steps += t.steps();
        pairWait += t.pairWait();
        ackWait += t.ackWait();
        write += t.write();
        stepCount += t.stepsDone();
        if (t.stepsDone() > 0) {
          double perStep = 1000 * t.steps() / t.stepsDone();
          fastest = Double.isNaN(fastest) ? perStep : Math.min(fastest, perStep);
        }
      } else if (e instanceof Event.StageCompleted s && trainingFrom.containsKey(s.stage())) {
        training.add(new Instant[] {trainingFrom.get(s.stage()), entry.writtenAt()});
        lastStageEnd = later(lastStageEnd, entry.writtenAt());
      } else if (e instanceof Event.MetricsRecorded m) {
        evaluations++;
        if (m.seconds().isPresent()) {
          evaluationSeconds += m.seconds().get();
          timedEvaluations++;
        }
      }
    }
    if (resumed) {
      notes.add("the run was resumed: its wall time spans every process, including the time it stood stopped");
    }
    if (stepCount == 0) {
      notes.add("no checkpoint carries the Trainer's times (recorded before they were): training is shown whole");
    }
    if (timedEvaluations < evaluations) {
      notes.add((evaluations - timedEvaluations) + " of " + evaluations + " evaluations carry no time");
    }
    // The timeline from the submission to the last stage's end, each moment counted once: training
    // when a Trainer trains, else generation when a Simulator generates, else between stages.
    double trainingSpans = covered(training, List.of());
    double generation = covered(generating, training);
    double between = seconds(submittedWritten, lastStageEnd) - trainingSpans - generation;
    double overlapped = covered(generating, List.of()) - generation;
    if (overlapped > 0.005) {
      notes.add(String.format(Locale.ROOT, "coupling generation beside training: %.2f s, counted as training", overlapped));
    }
    List<Part> parts = new ArrayList<>();
    parts.add(new Part("start-up", seconds(start, submittedWritten), "JVM, actor system, journal, until the run was recorded"));
    parts.add(new Part("coupling generation", generation, "teacher flows simulated into the store, per stage"));
    if (stepCount > 0) {
      parts.add(new Part("training steps", steps, String.format(Locale.ROOT, "%d steps, %.2f ms each (fastest stretch %.2f)",
          stepCount, 1000 * steps / stepCount, fastest)));
      parts.add(new Part("waiting for pair batches", pairWait, "the Trainer idle, its next batch not yet there"));
      parts.add(new Part("checkpoint writes", write, "checkpoints written into the store"));
      parts.add(new Part("checkpoint acknowledgements", ackWait, "waiting for the Experiment to record each checkpoint"));
      double other = trainingSpans - steps - pairWait - write - ackWait;
      parts.add(new Part(other >= 0 ? "other training time" : "trainers side by side (overlap)", other,
          other >= 0 ? "stream set-up, the Trainer's messages" : "more than one Trainer trained at once"));
    } else {
      parts.add(new Part("training", trainingSpans, "each stage from its start (or coupling) to its completion"));
    }
    parts.add(new Part("between stages", between, "starting stages, handing over between them"));
    Instant completed = later(lastStageEnd, end);
    parts.add(new Part("final evaluations", seconds(lastStageEnd, completed),
        "after the last stage, until the run's last event"));
    double wall = seconds(start, completed);
    if (process.isPresent() && process.get().processStartedAt().equals(start)) {
      ProcessTimes p = process.get();
      parts.add(new Part("report", p.reportSeconds(), p.figuresDrawnEarly() == 0 ? "report.html"
          : "report.html (" + p.figuresDrawnEarly() + " stages' figures drawn during the run)"));
      parts.add(new Part("shutdown", p.shutdownSeconds(), "actor system and journal closed"));
      double rest = seconds(completed, p.endedAt()) - p.reportSeconds() - p.shutdownSeconds();
      parts.add(new Part("summary and the rest", rest, "reading the run back, the summary table"));
      wall = seconds(start, p.endedAt());
    } else {
      notes.add("the report and shutdown were not recorded for this process (no " + "timings.json beside the report,"
          + " or it is a later process's): the wall time ends at the run's last event");
    }
    return new RunTimings(runId, List.copyOf(parts), wall, stepCount, evaluationSeconds, evaluations, fastest,
        List.copyOf(notes));
  }

  /** The table: one line per part with its share of the wall time, the total, then the evaluations' cost and notes. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "timings of run %s%n", runId));
    out.append(String.format(Locale.ROOT, "  %-30s %9s %6s  %s%n", "part", "seconds", "share", "what"));
    double sum = 0;
    for (Part p : parts) {
      sum += p.seconds();
      out.append(String.format(Locale.ROOT, "  %-30s %9.2f %5.1f%%  %s%n", p.name(), p.seconds(),
          wallSeconds > 0 ? 100 * p.seconds() / wallSeconds : 0, p.detail()));
    }
    out.append(String.format(Locale.ROOT, "  %-30s %9.2f %5.1f%%  %s%n", "wall", wallSeconds, 100.0,
        String.format(Locale.ROOT, "parts sum to %.2f", sum)));
    out.append(evaluationSeconds > 0 || evaluations == 0
        ? String.format(Locale.ROOT, "  evaluations: %d measurements, %.2f s of Evaluator time beside training%n",
            evaluations, evaluationSeconds)
        : String.format(Locale.ROOT, "  evaluations: %d measurements, their time not recorded%n", evaluations));
    notes.forEach(n -> out.append("  note: ").append(n).append(System.lineSeparator()));
    return out.toString();
  }

  /** The part named {@code name}, if the table has it. */
  public Optional<Part> part(String name) {
    return parts.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Seconds covered by some interval of {@code spans} and by none of {@code excluded}. */
  private static double covered(List<Instant[]> spans, List<Instant[]> excluded) {
    List<Instant> cuts = new ArrayList<>();
    for (List<Instant[]> list : List.of(spans, excluded)) {
      list.forEach(span -> cuts.addAll(List.of(span[0], span[1])));
    }
    cuts.sort(Instant::compareTo);
    double seconds = 0;
    for (int k = 0; k + 1 < cuts.size(); k++) {
      Instant from = cuts.get(k);
      Instant to = cuts.get(k + 1);
      if (inside(spans, from, to) && !inside(excluded, from, to)) {
        seconds += seconds(from, to);
      }
    }
    return seconds;
  }

  private static boolean inside(List<Instant[]> spans, Instant from, Instant to) {
    return spans.stream().anyMatch(s -> !s[0].isAfter(from) && !s[1].isBefore(to));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
