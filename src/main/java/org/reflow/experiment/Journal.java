package org.reflow.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The read side over the journal (Persistence Query), for commands that inspect runs while
 * another process may be writing: which runs exist, and one run's history or events.
 */
public final class Journal {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PREFIX = "experiment|";

  /** One event as the journal holds it, with the time it was written (lineage's event times). */
  public record Entry(Event event, Instant writtenAt) {}

  private final ReflowSystem<?> system;

  public Journal(ReflowSystem<?> system) {
    this.system = system;
  }

  /** Every run id in the journal, oldest first by persistence id order. */
  public List<String> runIds() {
    return await(system.readJournal().currentPersistenceIds()
        .filter(id -> id.startsWith(PREFIX)).map(id -> id.substring(PREFIX.length()))
        .runWith(Sink.seq(), system.actorSystem()));
  }

  /** The run's history; empty (NotSubmitted) when the id is unknown. */
  public RunHistory history(String runId) {
    return RunHistory.of(entries(runId).stream().map(Entry::event).toList());
  }

  /** The run's events in order, with their write times; empty when the id is unknown. */
  public List<Entry> entries(String runId) {
    return entriesAfter(runId, 0);
  }

  /** The run's events after its {@code sequenceNr}-th (the first is 1), in order. */
  public List<Entry> entriesAfter(String runId, long sequenceNr) {
    return await(system.readJournal().currentEventsByPersistenceId(PREFIX + runId, sequenceNr + 1, Long.MAX_VALUE)
        .map(Journal::entry).runWith(Sink.seq(), system.actorSystem()));
  }

  /**
   * The run's events after its {@code sequenceNr}-th, then each new one as it is written (the
   * read journal polls at its refresh-interval), until the stream is cancelled.
   */
  public Source<EventEnvelope, NotUsed> live(String runId, long sequenceNr) {
    return system.readJournal().eventsByPersistenceId(PREFIX + runId, sequenceNr + 1, Long.MAX_VALUE);
  }

  private static Entry entry(EventEnvelope e) {
    return new Entry((Event) e.event(), Instant.ofEpochMilli(e.timestamp()));
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the journal", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the journal: " + e.getMessage(), e);
    }
  }
}
