package org.reflow.home;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;

/**
 * What the runs that are not forgotten still need, as a pure function of every run's events: the
 * artifacts (by SHA-256) of every checkpoint and coupling shard they recorded, and of every
 * checkpoint and coupling their lineage reaches — parents, the couplings trained on, their teacher
 * checkpoints, and so on — in whichever run recorded it. Content addressing makes one id
 * recordable by several runs (identical training gives identical checkpoints), so an artifact is
 * needed while any remaining run reaches it.
 *
 * <p>A forgotten run that recorded an id a remaining run reaches, and that no remaining run
 * recorded itself, is {@linkplain #dependents() depended on}: its events are the only record of
 * that part of the remaining run's lineage.
 *
 * @param artifacts the SHA-256 of every artifact a remaining run needs
 * @param dependents each depended-on forgotten run: the remaining runs that depend on it, and through which ids
 */
public record References(Set<String> artifacts, Map<String, Dependence> dependents) {

  /** Remaining runs whose lineage reaches ids that only forgotten runs recorded. */
  public record Dependence(Set<String> runs, Set<String> ids) {}

  /** Every run in the journal with its events, in journal order. */
  public static Map<String, List<Event>> read(Journal journal) {
    Map<String, List<Event>> runs = new LinkedHashMap<>();
    for (String runId : journal.runIds()) {
      runs.put(runId, journal.entries(runId).stream().map(Journal.Entry::event).toList());
    }
    return runs;
  }

  /** {@code runs}: every run id in the journal with its events; {@code forgotten}: those forgotten. */
  public static References of(Map<String, List<Event>> runs, Set<String> forgotten) {
    Map<String, Map<String, List<Event>>> defining = new HashMap<>(); // id → run → its events recording the id
    runs.forEach((runId, events) -> events.forEach(e -> {
      String id = definedId(e);
      if (id != null) {
        defining.computeIfAbsent(id, k -> new TreeMap<>()).computeIfAbsent(runId, k -> new ArrayList<>()).add(e);
      }
    }));
    Set<String> artifacts = new HashSet<>();
    Map<String, Dependence> dependents = new TreeMap<>();
    runs.forEach((runId, events) -> {
      if (forgotten.contains(runId)) {
        return;
      }
      Set<String> reached = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>();
      events.forEach(e -> {
        artifacts.addAll(shas(e));
        inputs(e).forEach(id -> push(id, reached, todo));
      });
      while (!todo.isEmpty()) {
        String id = todo.pop();
        Map<String, List<Event>> records = defining.getOrDefault(id, Map.of());
        Set<String> remaining = new TreeSet<>(records.keySet());
        remaining.removeAll(forgotten);
        // a remaining run's own record of an id is its lineage; another run's is followed only when none has one
        Set<String> followed = remaining.isEmpty() ? records.keySet() : remaining;
        for (String recorder : followed) {
          for (Event e : records.get(recorder)) {
            artifacts.addAll(shas(e));
            inputs(e).forEach(next -> push(next, reached, todo));
          }
          if (remaining.isEmpty()) {
            Dependence d = dependents.computeIfAbsent(recorder, k -> new Dependence(new TreeSet<>(), new TreeSet<>()));
            d.runs().add(runId);
            d.ids().add(id);
          }
        }
      }
    });
    return new References(artifacts, dependents);
  }

  private static void push(String id, Set<String> reached, Deque<String> todo) {
    if (reached.add(id)) {
      todo.push(id);
    }
  }

  /** The checkpoint or coupling the event records, or null. */
  private static String definedId(Event e) {
    if (e instanceof Event.CheckpointSaved c) {
      return c.checkpointId();
    }
    if (e instanceof Event.CouplingShardWritten s) {
      return s.couplingId();
    }
    return e instanceof Event.CouplingMaterialized m ? m.couplingId() : null;
  }

  /** The ids the event's artifact was made from, and its own (so its other records are reached too). */
  private static List<String> inputs(Event e) {
    List<String> ids = new ArrayList<>();
    if (e instanceof Event.CheckpointSaved c) {
      ids.add(c.checkpointId());
      c.parentCheckpoint().ifPresent(ids::add);
      c.couplingId().ifPresent(ids::add);
    } else if (e instanceof Event.CouplingShardWritten s) {
      ids.add(s.couplingId());
    } else if (e instanceof Event.CouplingMaterialized m) {
      ids.add(m.couplingId());
      ids.add(m.teacherCheckpoint());
    } else if (e instanceof Event.StageCompleted s) {
      ids.add(s.finalCheckpoint());
    }
    return ids;
  }

  private static List<String> shas(Event e) {
    if (e instanceof Event.CheckpointSaved c) {
      return List.of(c.sha256());
    }
    if (e instanceof Event.CouplingShardWritten s) {
      return List.of(s.sha256());
    }
    return e instanceof Event.CouplingMaterialized m ? m.shardSha256s() : List.of();
  }
}
