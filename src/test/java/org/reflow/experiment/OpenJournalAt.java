package org.reflow.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Child process for {@link JournalOnPostgresTest}: loaded and waiting, it opens the journal in the
 * test database at a given instant (so that several children open it at once), says "opened"
 * and exits.
 */
public final class OpenJournalAt {

  private OpenJournalAt() {}

  /** Args: the home directory, the instant (epoch milliseconds) to open it at. */
  public static void main(String[] args) throws Exception {
    ReflowSettings settings = ReflowSettings.from(ReflowSystem.config(TestPostgres.overrides(Path.of(args[0]))));
    PostgresJournal.connect(TestPostgres.database()).close(); // driver loaded and a login done: the children race in the DDL
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), Instant.ofEpochMilli(Long.parseLong(args[1]))).toMillis()));
    JournalDatabase.open(settings).close();
    System.out.println("opened");
  }
}
