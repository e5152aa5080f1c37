package org.reflow.cli;

import java.util.concurrent.Callable;
import org.reflow.serve.Dashboard;
import org.reflow.serve.ServeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reflow serve}: the live web dashboard over a home, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a live dashboard of the home's runs in a browser: the runs (live status, filter, sort, pages), a run"
          + " (stages, loss curves that grow as it trains, metrics, report, lineage graph), compare (spec differences,"
          + " metrics side by side, curves overlaid) and a lineage explorer; and the JSON API they use (docs/serve.md).",
      "Listens on 127.0.0.1 unless --bind says otherwise; any other address needs --token. With --token the pages and"
          + " the API also launch experiments of REFLOW_HOME/experiments/, resume and cancel runs (on loopback too:"
          + " without a token the dashboard is read-only)."
    })
final class ServeCommand implements Callable<Integer> {

  @Mixin private HomeOption home;

  @Option(names = "--port", paramLabel = "P", defaultValue = "" + ServeSettings.PORT,
      description = "TCP port (default: ${DEFAULT-VALUE}; 0 for any free one).")
  private int port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ServeSettings.LOOPBACK,
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Any other needs --token.")
  private String bind;

  @Option(names = "--token", paramLabel = "T", arity = "0..1", fallbackValue = "",
      description = "Every request must carry this secret (at least 16 characters); --token alone generates one."
          + " The printed URL carries it once; the browser then keeps it as a cookie, and the page for its actions.")
  private String token;

  @Override
  public Integer call() throws Exception {
    ServeSettings settings;
    try {
      settings = ServeSettings.of(bind, port, token);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Dashboard dashboard;
    try {
      dashboard = Dashboard.start(home.config(), settings);
    } catch (IllegalStateException e) { // a ReflowHomeException too: the home or its journal cannot be used
      System.err.println(e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close, "reflow-serve-stop"));
    System.out.println("reflow serve: open " + dashboard.url() + " (Ctrl-C stops it)");
    System.out.flush();
    dashboard.whenTerminated().toCompletableFuture().join();
    return 0;
  }
}
