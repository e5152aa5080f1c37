package org.reflow.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --home DIR}, shared by every command that reads or writes runs. */
final class HomeOption {

  @Option(names = "--home", paramLabel = "DIR", description = "Where runs live (default: $REFLOW_HOME, else ./runs).")
  private Path home;

  /** The configuration override for reflow.home, or nothing (then $REFLOW_HOME or ./runs applies). */
  Config config() {
    return home == null ? ConfigFactory.empty() : ConfigFactory.parseMap(Map.of("reflow.home", home.toString()));
  }
}
