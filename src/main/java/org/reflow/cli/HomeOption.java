package org.reflow.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.reflow.experiment.JournalUrl;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --home DIR} and {@code --journal URL}, shared by every command that reads or writes runs. */
final class HomeOption {

  @Spec(Spec.Target.MIXEE) private CommandSpec command;

  @Option(names = "--home", paramLabel = "DIR", description = "Where runs live (default: $REFLOW_HOME, else ./runs).")
  private Path home;

  private String journal;

  @Option(names = "--journal", paramLabel = "URL",
      description = "The journal's PostgreSQL database, jdbc:postgresql://HOST:PORT/DATABASE (default: $REFLOW_JOURNAL_URL,"
          + " else the embedded H2 in the home). The password is never part of it: set REFLOW_DB_USER and"
          + " REFLOW_DB_PASSWORD, or REFLOW_DB_PASSWORD_FILE. Artifacts and logs stay in the home.")
  private void journal(String url) {
    JournalUrl.problem(url).ifPresent(problem -> {
      throw new ParameterException(command.commandLine(), "--journal: " + problem);
    });
    journal = url;
  }

  /** The configuration overrides for reflow.home and the journal's url, or nothing (then the environment applies). */
  Config config() {
    Map<String, String> overrides = new HashMap<>();
    if (home != null) {
      overrides.put("reflow.home", home.toString());
    }
    if (journal != null) {
      overrides.put(JournalUrl.PATH, journal);
    }
    return ConfigFactory.parseMap(overrides);
  }
}
