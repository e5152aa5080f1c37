package org.reflow.lineage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;

/**
 * Which runs recorded each checkpoint and coupling (and measured metrics with each feature
 * classifier), and which ids were derived from which: a
 * projection of the journal kept in {@code <home>/lineage-index.tsv}, so that finding a checkpoint
 * by id or its descendants reads only the runs involved instead of every event of every run (the
 * cost that grows with the home). The journal stays the only source of truth: each use first reads,
 * run by run, the events written after the sequence number the file records for that run (a
 * completed run adds nothing lineage needs, so it is not read again); ids found here are checked
 * against the runs read; deleting the file only makes the next lineage rebuild it. Runs are read by
 * persistence id rather than by tag: a tag query in a fresh process first scans the journal's whole
 * ordering for gaps (10 s in a home of 1,000 runs), a per-run query does not.
 */
final class LineageIndex {

  static final String FILE = "lineage-index.tsv";
  private static final String HEADER = "reflow lineage index v4";

  /** How far each run was read, and whether it had completed (nothing more for lineage can follow). */
  private record Mark(long sequenceNr, boolean completed) {}

  private final Map<String, Mark> marks = new LinkedHashMap<>();
  private final List<String> lines = new ArrayList<>();
  private final Map<String, Set<String>> runs = new HashMap<>();
  private final Map<String, Set<String>> derived = new HashMap<>();
  /** "RUN/STAGE" → the coupling it generated, for checkpoints that do not name theirs (older journals). */
  private final Map<String, String> stageCouplings = new HashMap<>();

  private LineageIndex() {}

  /** The index of {@code home}, brought up to date with the journal (and saved when it changed). */
  static LineageIndex current(Path home, Journal journal) {
    Path file = home.resolve(FILE);
    LineageIndex index = read(file);
    boolean changed = false;
    for (String runId : journal.runIds()) {
      Mark mark = index.marks.getOrDefault(runId, new Mark(0, false));
      if (!mark.completed()) {
        List<Journal.Entry> added = journal.entriesAfter(runId, mark.sequenceNr());
        added.forEach(e -> index.add(runId, e.event()));
        boolean completed = mark.completed() || added.stream().anyMatch(e -> e.event() instanceof Event.ExperimentCompleted);
        index.marks.put(runId, new Mark(mark.sequenceNr() + added.size(), completed));
        changed |= !added.isEmpty();
      }
    }
    if (changed) {
      index.write(file);
    }
    return index;
  }

  /** The runs that saved the checkpoint, generated the coupling or measured metrics with the classifier {@code id}. */
  Set<String> runsOf(String id) {
    return runs.getOrDefault(id, Set.of());
  }

  /** The runs that recorded {@code id} or anything derived from it, transitively. */
  Set<String> runsDerivedFrom(String id) {
    Set<String> seen = new LinkedHashSet<>(List.of(id));
    Set<String> found = new LinkedHashSet<>(runsOf(id));
    Deque<String> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      for (String next : derived.getOrDefault(todo.pop(), Set.of())) {
        if (seen.add(next)) {
          found.addAll(runsOf(next));
          todo.push(next);
        }
      }
    }
    return found;
  }

  private void add(String runId, Event e) {
    if (e instanceof Event.CheckpointSaved c) {
      String coupling = c.couplingId().orElse(stageCouplings.getOrDefault(runId + "/" + c.stage(), "-"));
      apply("ck", c.checkpointId(), runId, c.stage(), c.parentCheckpoint().orElse("-"), coupling);
    } else if (e instanceof Event.CouplingMaterialized c) {
      apply("cp", c.couplingId(), runId, c.stage(), c.teacherCheckpoint(), "-");
    } else if (e instanceof Event.MetricsRecorded m && m.classifier().isPresent()
        && !runsOf(m.classifier().get().classifierId()).contains(runId)) {
      apply("fc", m.classifier().get().classifierId(), runId, m.stage(), "-", "-"); // once per run: runs are what a lookup needs
    }
  }

  /** One record: {@code id} recorded by {@code stage} of {@code run}, derived from {@code from} and {@code alsoFrom} ("-": nothing). */
  private void apply(String kind, String id, String run, String stage, String from, String alsoFrom) {
    lines.add(String.join("\t", kind, id, run, stage, from, alsoFrom));
    runs.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(run);
    if (kind.equals("cp")) {
      stageCouplings.put(run + "/" + stage, id);
    }
    for (String source : List.of(from, alsoFrom)) {
      if (!source.equals("-")) {
        derived.computeIfAbsent(source, k -> new LinkedHashSet<>()).add(id);
      }
    }
  }

  /** The saved index, or an empty one (every run is read again) when there is none or it is unreadable. */
  private static LineageIndex read(Path file) {
    LineageIndex index = new LineageIndex();
    try {
      List<String> saved = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      if (saved.isEmpty() || !saved.get(0).equals(HEADER)) {
        return index;
      }
      for (String line : saved.subList(1, saved.size())) {
        String[] f = line.split("\t");
        if (f[0].equals("run")) {
          index.marks.put(f[1], new Mark(Long.parseLong(f[2]), f[3].equals("completed")));
        } else {
          index.apply(f[0], f[1], f[2], f[3], f[4], f[5]);
        }
      }
      return index;
    } catch (IOException | RuntimeException e) {
      return new LineageIndex();
    }
  }

  /** Written beside and renamed over, so a concurrent reader sees the old index or the new one, whole. */
  private void write(Path file) {
    try {
      // not createTempFile, which makes it owner-only: the index gets the umask's permissions like any file
      Path tmp = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".tmp");
      List<String> out = new ArrayList<>(marks.size() + lines.size() + 1);
      out.add(HEADER);
      marks.forEach((run, m) -> out.add(String.join("\t", "run", run, Long.toString(m.sequenceNr()), m.completed() ? "completed" : "open")));
      out.addAll(lines);
      Files.write(tmp, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // A home lineage may read but not write (read-only): the index is then rebuilt in memory each time.
    }
  }
}
