package org.reflow.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.reflow.experiment.Journal;
import org.reflow.experiment.RunHistory;
import org.reflow.home.Forgotten;
import org.reflow.report.RunDocuments;
import org.reflow.store.HomeNames;

/**
 * The runs of a home, kept between requests and brought up to date from the journal on each: a
 * run's new events are read after the last one seen, and a completed run's row, which cannot
 * change, is kept and not read again. So listing a thousand runs costs one query for the run ids
 * once the table is warm, where {@code runs --json} reads every run. Memory stays small: rows for
 * every run, whole histories (loss logs included) only for the {@value #HISTORIES} runs last shown.
 */
final class RunTable {

  /** A run as far as it was read: its events with their write times, and their fold. */
  record Seen(List<Journal.Entry> entries, RunHistory history) {
    long sequenceNr() {
      return entries.size();
    }
  }

  /** One page of the table, filtered and sorted. */
  record Page(int total, int matched, int offset, int limit, List<Map<String, Object>> rows) {}

  static final List<String> SORT_KEYS = List.of("id", "experiment", "status", "started", "stagesDone");

  private final Journal journal;
  private final Path home;
  /** Whole histories kept for the run pages: the most recently asked. */
  static final int HISTORIES = 64;

  private final Map<String, Seen> seen = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > HISTORIES;
    }
  });
  private final Map<String, Map<String, Object>> completedRows = new ConcurrentHashMap<>();

  RunTable(Journal journal, Path home) {
    this.journal = journal;
    this.home = home;
  }

  /** The run as the journal holds it now (NotSubmitted when unknown), reading only what was added. */
  Seen current(String runId) {
    Seen before = seen.get(runId);
    long after = before == null ? 0 : before.sequenceNr();
    List<Journal.Entry> added = journal.entriesAfter(runId, after);
    if (added.isEmpty() && before != null) {
      return before;
    }
    List<Journal.Entry> entries = new ArrayList<>(before == null ? List.of() : before.entries());
    entries.addAll(added);
    Seen now = new Seen(List.copyOf(entries), RunHistory.of(entries.stream().map(Journal.Entry::event).toList()));
    if (now.history().run().isEmpty()) {
      return now; // an unknown id is not remembered: a stranger's guesses cost no memory
    }
    synchronized (seen) {
      return seen.merge(runId, now, (a, b) -> a.sequenceNr() >= b.sequenceNr() ? a : b);
    }
  }

  /** A run the home shows, as the journal holds it now: a well-formed id, recorded, not forgotten; else refused. */
  Seen shown(String runId) {
    try {
      HomeNames.runId(runId);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (forgotten(runId)) {
      throw ApiError.notFound(Forgotten.message(home, runId));
    }
    Seen seen = current(runId);
    if (seen.history().run().isEmpty()) {
      throw ApiError.notFound("no run '" + runId + "' in this home; GET /api/runs lists the runs");
    }
    return seen;
  }

  /** Whether {@code runId} was forgotten with {@code reflow rm}. */
  boolean forgotten(String runId) {
    return Forgotten.isForgotten(home, runId);
  }

  /** Every row of {@code reflow runs --json}, in its order. */
  List<Map<String, Object>> rows() {
    Set<String> forgotten = Forgotten.runIds(home);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String id : journal.runIds()) {
      if (forgotten.contains(id)) {
        continue;
      }
      Map<String, Object> row = completedRows.get(id);
      if (row == null) {
        RunHistory history = current(id).history();
        row = RunDocuments.row(id, history);
        if (history.status().equals("completed")) {
          completedRows.put(id, row);
          seen.remove(id); // its row is kept; its history is read again only if a page asks
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Rows {@code offset} to {@code offset + limit} of those whose id or experiment contains {@code
   * query} (any case) and whose status is {@code status} (all when empty), sorted by {@code sort}.
   */
  Page page(String query, String status, String sort, boolean descending, int offset, int limit) {
    List<Map<String, Object>> all = rows();
    String q = query.toLowerCase(Locale.ROOT);
    Comparator<Map<String, Object>> order = Comparator.comparing(r -> String.valueOf(r.get(sort)));
    if (sort.equals("stagesDone")) {
      order = Comparator.comparingLong(r -> ((Number) r.get(sort)).longValue());
    }
    order = order.thenComparing(r -> String.valueOf(r.get("id")));
    List<Map<String, Object>> matched = all.stream()
        .filter(r -> q.isEmpty() || String.valueOf(r.get("id")).toLowerCase(Locale.ROOT).contains(q)
            || String.valueOf(r.get("experiment")).toLowerCase(Locale.ROOT).contains(q))
        .filter(r -> status.isEmpty() || r.get("status").equals(status))
        .sorted(descending ? order.reversed() : order)
        .toList();
    List<Map<String, Object>> rows = matched.subList(Math.min(offset, matched.size()), Math.min(offset + limit, matched.size()));
    return new Page(all.size(), matched.size(), offset, limit, rows.stream().map(LinkedHashMap::new)
        .map(m -> (Map<String, Object>) m).toList());
  }
}
