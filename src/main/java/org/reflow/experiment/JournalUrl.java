package org.reflow.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which database holds the journal: {@code reflow.journal.url} (from {@code --journal},
 * {@code REFLOW_JOURNAL_URL} or a configuration file) names a PostgreSQL database; empty keeps the
 * embedded H2 in REFLOW_HOME. A url never carries a password: command lines and configuration
 * files are read by others and printed in logs, so the password comes only from
 * {@link JournalCredentials}.
 */
public final class JournalUrl {

  /** Configuration path of the journal's url; empty for the embedded H2 in REFLOW_HOME. */
  public static final String PATH = "reflow.journal.url";

  /** Configuration path of the role the journal logs in as on a server database. */
  static final String USER_PATH = "reflow.journal.user";

  private static final String PREFIX = "jdbc:postgresql://";

  private static final Pattern PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

  private JournalUrl() {}

  /**
   * Why {@code url} cannot name the journal, or empty if it can: it must be a PostgreSQL JDBC url
   * and carry no password.
   */
  public static Optional<String> problem(String url) {
    if (PASSWORD.matcher(url).find()) {
      return Optional.of("The journal url " + redacted(url) + " carries a password, which would show in the process list"
          + " and in logs: remove password= from it and give the password in the environment variable "
          + JournalCredentials.PASSWORD + ", or in an owner-only file named by " + JournalCredentials.PASSWORD_FILE + ".");
    }
    if (!url.startsWith(PREFIX)) {
      return Optional.of("The journal url " + redacted(url) + " is not a PostgreSQL url: give jdbc:postgresql://HOST:PORT/DATABASE,"
          + " or no url for the embedded H2 journal in REFLOW_HOME.");
    }
    return Optional.empty();
  }

  /** {@code url} with any password parameter's value replaced by {@code ***}: for messages. */
  public static String redacted(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }

  /**
   * {@code config} with the journal's shared database switched to PostgreSQL when
   * {@value #PATH} names one (its pool settings are kept); unchanged when it is empty.
   *
   * @throws ReflowHomeException when the url is not one reflow can use
   */
  static Config select(Config config) {
    String url = config.getString(PATH).strip();
    if (url.isEmpty()) {
      return config;
    }
    problem(url).ifPresent(p -> {
      throw new ReflowHomeException(p);
    });
    String database = ReflowSettings.DATABASE_PATH;
    return ConfigFactory.parseMap(Map.of(
        database.substring(0, database.length() - ".db".length()) + ".profile", "slick.jdbc.PostgresProfile$",
        database + ".driver", "org.postgresql.Driver",
        database + ".url", url,
        database + ".user", config.getString(USER_PATH),
        database + ".password", "")).withFallback(config);
  }
}
