package org.reflow.experiment;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * reflow's configuration, read once from the resolved {@link Config} ({@code conf/application.conf}
 * plus overrides): the one typed place the rest of the code asks.
 *
 * @param home absolute {@code REFLOW_HOME}: the journal database, artifacts, reports
 * @param numericThreads size of the fixed pool behind {@link #NUMERIC_DISPATCHER}
 * @param workers how many of each worker this node offers
 * @param database the journal's JDBC connection, as the persistence plugin opens it
 */
public record ReflowSettings(Path home, int numericThreads, Workers workers, Database database) {

  /** Configuration path of the dispatcher numeric work runs on. */
  public static final String NUMERIC_DISPATCHER = "reflow.numeric-dispatcher";

  /** The shared Slick database that the journal, snapshot store and read journal use. */
  static final String DATABASE_PATH = "pekko-persistence-jdbc.shared-databases.reflow.db";

  public ReflowSettings {
    if (numericThreads < 1) {
      throw new IllegalArgumentException(NUMERIC_DISPATCHER + ".thread-pool-executor.fixed-pool-size"
          + " (REFLOW_NUMERIC_THREADS) must be at least 1, got " + numericThreads);
    }
  }

  /** Workers of each kind on this node; 0 offers none of that kind. */
  public record Workers(int trainers, int simulators, int evaluators) {
    public Workers {
      if (trainers < 0 || simulators < 0 || evaluators < 0) {
        throw new IllegalArgumentException("reflow.workers counts cannot be negative, got trainers = " + trainers
            + ", simulators = " + simulators + ", evaluators = " + evaluators);
      }
    }
  }

  /** The same settings with another journal connection (the home's secret as H2 password). */
  ReflowSettings withDatabase(Database other) {
    return new ReflowSettings(home, numericThreads, workers, other);
  }

  /** A JDBC url and the credentials it is opened with. */
  public record Database(String url, String user, String password) {
    /** Where the journal lives, for a person: an embedded H2 database's file, else the url without its parameters. */
    public String location() {
      if (!url.startsWith("jdbc:h2:")) {
        return url.split("[?;]", 2)[0]; // parameters may hold a password
      }
      String path = url.substring("jdbc:h2:".length()).split(";", 2)[0];
      return (path.startsWith("file:") ? path.substring("file:".length()) : path) + ".mv.db";
    }

    /** The same url and user with {@code secret} as password. */
    Database withPassword(String secret) {
      return new Database(url, user, secret);
    }

    /** Without the password: settings get printed. */
    @Override
    public String toString() {
      return "Database[url=" + url + ", user=" + user + "]";
    }
  }

  /** Reads a resolved configuration, such as {@link ReflowSystem#config}'s. */
  public static ReflowSettings from(Config config) {
    Config reflow = config.getConfig("reflow");
    Config db = config.getConfig(DATABASE_PATH);
    return new ReflowSettings(
        Path.of(reflow.getString("home")).toAbsolutePath().normalize(),
        config.getInt(NUMERIC_DISPATCHER + ".thread-pool-executor.fixed-pool-size"),
        new Workers(
            reflow.getInt("workers.trainers"),
            reflow.getInt("workers.simulators"),
            reflow.getInt("workers.evaluators")),
        new Database(db.getString("url"), db.getString("user"), db.getString("password")));
  }
}
