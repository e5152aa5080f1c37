package org.reflow.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;

/**
 * reflow's actor system: started on a ready REFLOW_HOME and journal database (held open by
 * {@link JournalDatabase} for the system's life), closed by terminating it and waiting, so the
 * journal's connections are closed and H2 has released its file when {@link #close()} returns.
 *
 * @param <T> the guardian's message type
 */
public final class ReflowSystem<T> implements AutoCloseable {

  private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<T> system;
  private final JournalDatabase journal;

  private ReflowSystem(ActorSystem<T> system, JournalDatabase journal) {
    this.system = system;
    this.journal = journal;
  }

  /**
   * Prepares REFLOW_HOME and its journal database, then starts the actor system "reflow" with
   * {@code guardian} and the configuration of {@link #config(Config)}.
   *
   * @throws ReflowHomeException if REFLOW_HOME or its journal database cannot be used
   */
  public static <T> ReflowSystem<T> start(Behavior<T> guardian, Config overrides) {
    Config config = config(overrides);
    JournalDatabase journal = JournalDatabase.open(ReflowSettings.from(config));
    try {
      // The journal's password (the home's secret for H2, the environment's for PostgreSQL) is known once it is open.
      Config withPassword = ConfigFactory.parseMap(Map.of(ReflowSettings.DATABASE_PATH + ".password",
          journal.settings().database().password())).withFallback(config);
      return new ReflowSystem<>(ActorSystem.create(guardian, "reflow", withPassword), journal);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * The configuration reflow runs with: {@code overrides}, then -D system properties, then
   * {@code application.conf} (or -Dconfig.file), then the libraries' reference.conf. reflow.home
   * is made absolute and the whole resolved again, so what is built from it (the JDBC url) sees
   * the absolute path whichever layer set it. A {@link JournalUrl#PATH} switches the journal to
   * that PostgreSQL database.
   *
   * @throws ReflowHomeException if the journal url is not one reflow can use
   */
  public static Config config(Config overrides) {
    Config layered = overrides
        .withFallback(ConfigFactory.defaultOverrides())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference());
    Path home = Path.of(layered.resolve().getString("reflow.home")).toAbsolutePath().normalize();
    return JournalUrl.select(ConfigFactory.parseMap(Map.of("reflow.home", home.toString())).withFallback(layered).resolve());
  }

  public ActorSystem<T> actorSystem() {
    return system;
  }

  /**
   * The settings this system runs with. For H2, {@code database()} carries the home's secret as
   * password: a JDBC connection of this process to the same journal (the same url) uses it.
   */
  public ReflowSettings settings() {
    return journal.settings();
  }

  /** The read side over the journal (lineage): Persistence Query's {@code jdbc-read-journal}. */
  public JdbcReadJournal readJournal() {
    return PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  /** Terminates the actor system, waits until it has (at most 30 s), then lets the journal go. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(TERMINATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the actor system did not terminate within " + TERMINATION_TIMEOUT, e);
    } finally {
      journal.close();
    }
  }
}
