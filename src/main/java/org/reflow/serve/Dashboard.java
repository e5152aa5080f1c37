package org.reflow.serve;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;

/**
 * {@code reflow serve} running: the home's actor system (reading the journal), the HTTP server on
 * its address, and every route behind {@link Access}. Closing unbinds, then lets the home go.
 */
public final class Dashboard implements AutoCloseable {

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
  private final ReflowSystem<Void> system;
  private final ServerBinding binding;
  private final ServeSettings settings;

  private Dashboard(ReflowSystem<Void> system, ServerBinding binding, ServeSettings settings) {
    this.system = system;
    this.binding = binding;
    this.settings = settings;
  }

  /**
   * Opens the home named by {@code overrides} and listens.
   *
   * @throws org.reflow.experiment.ReflowHomeException if the home or its journal cannot be used
   * @throws IllegalStateException if the address cannot be bound (in use, not this machine's)
   */
  public static Dashboard start(Config overrides, ServeSettings settings) {
    // a cold table of thousands of runs can take longer than Pekko HTTP's default 20 s to read
    ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        overrides.withFallback(ConfigFactory.parseString("pekko.http.server.request-timeout = 180s")));
    try {
      Path home = system.settings().home();
      Journal journal = new Journal(system);
      Executor blocking = system.actorSystem().dispatchers().lookup(DispatcherSelector.blocking());
      RunTable table = new RunTable(journal, home);
      Access access = new Access(settings);
      Actions actions = new Actions(access, table, home, new Launcher(system.settings()), blocking);
      Route route = new Routes().all(access, new Api(journal, table, home, blocking), actions, new Pages(home));
      ServerBinding binding = Http.get(system.actorSystem()).newServerAt(settings.bind(), settings.port()).bind(route)
          .toCompletableFuture().get(BIND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      CompletableFuture.runAsync(table::rows, blocking); // the first visitor finds the table warm
      return new Dashboard(system, binding, settings);
    } catch (Exception e) {
      system.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot listen on " + settings.bind() + ":" + settings.port() + ": " + cause.getMessage()
          + " (is the port in use? choose another with --port, or --port 0 for any free one)", e);
    }
  }

  /** The port it listens on (the system's choice when asked for 0). */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** The address to open: with {@code ?access=…} when there is one (the browser then keeps it as a cookie). */
  public URI url() {
    String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
    return URI.create("http://" + host + ":" + port() + "/" + settings.token().map(t -> "?" + Access.QUERY + "=" + t).orElse(""));
  }

  /** Completes when the actor system has terminated (Ctrl-C, or {@link #close()}). */
  public CompletionStage<Done> whenTerminated() {
    return system.actorSystem().getWhenTerminated();
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(BIND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      // the system's termination below closes the server's connections anyway
    } finally {
      system.close();
    }
  }
}
