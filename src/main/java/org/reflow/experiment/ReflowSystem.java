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
 * reflow's actor system: started on a ready REFLOW_HOME and journal database, closed by
 * terminating it and waiting, so the journal's connections are closed and H2 has released its
 * file when {@link #close()} returns.
 *
 * @param <T> the guardian's message type
 */
public final class ReflowSystem<T> implements AutoCloseable {

  private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<T> system;
  private final ReflowSettings settings;

  private ReflowSystem(ActorSystem<T> system, ReflowSettings settings) {
    this.system = system;
    this.settings = settings;
  }

  /**
   * Prepares REFLOW_HOME and its journal database, then starts the actor system "reflow" with
   * {@code guardian} and the configuration of {@link #config(Config)}.
   *
   * @throws ReflowHomeException if REFLOW_HOME or its journal database cannot be used
   */
  public static <T> ReflowSystem<T> start(Behavior<T> guardian, Config overrides) {
    Config config = config(overrides);
    ReflowSettings settings = ReflowSettings.from(config);
    JournalDatabase.prepare(settings);
    return new ReflowSystem<>(ActorSystem.create(guardian, "reflow", config), settings);
  }

  /**
   * The configuration reflow runs with: {@code overrides}, then -D system properties, then
   * {@code application.conf} (or -Dconfig.file), then the libraries' reference.conf. reflow.home
   * is made absolute and the whole resolved again, so what is built from it (the JDBC url) sees
   * the absolute path whichever layer set it.
   */
  public static Config config(Config overrides) {
    Config layered = overrides
        .withFallback(ConfigFactory.defaultOverrides())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference());
    Path home = Path.of(layered.resolve().getString("reflow.home")).toAbsolutePath().normalize();
    return ConfigFactory.parseMap(Map.of("reflow.home", home.toString())).withFallback(layered).resolve();
  }

  public ActorSystem<T> actorSystem() {
    return system;
  }

  public ReflowSettings settings() {
    return settings;
  }

  /** The read side over the journal (lineage): Persistence Query's {@code jdbc-read-journal}. */
  public JdbcReadJournal readJournal() {
    return PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
  }

  /** Terminates the actor system and waits until it has (at most 30 s). */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(TERMINATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the actor system did not terminate within " + TERMINATION_TIMEOUT, e);
    }
  }
}
