package org.reflow.experiment;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The read side over the journal (Persistence Query), for commands that inspect runs while
 * another process may be writing: which runs exist, and one run's history.
 */
public final class Journal {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PREFIX = "experiment|";

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
    List<Event> events = await(system.readJournal().currentEventsByPersistenceId(PREFIX + runId, 0, Long.MAX_VALUE)
        .map(EventEnvelope::event).map(Event.class::cast)
        .runWith(Sink.seq(), system.actorSystem()));
    return RunHistory.of(events);
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
