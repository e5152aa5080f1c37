package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReflowSettingsTest {

  @TempDir Path home;

  @Test
  void byDefaultTwoNumericThreadsAndOneWorkerOfEachKind() {
    // application.conf alone, without the environment's REFLOW_* overrides
    Config file = ConfigFactory.parseResources("application.conf").resolve(ConfigResolveOptions.noSystem());
    ReflowSettings settings = ReflowSettings.from(ReflowSystem.config(file));
    assertEquals(2, settings.numericThreads());
    assertEquals(new ReflowSettings.Workers(1, 1, 1), settings.workers());
  }

  @Test
  void aRelativeHomeBecomesAbsoluteAndTheJdbcUrlPointsIntoIt() {
    ReflowSettings settings = ReflowSettings.from(ReflowSystem.config(
        ConfigFactory.parseMap(Map.of("reflow.home", "target/../runs-elsewhere"))));
    Path absolute = Path.of("runs-elsewhere").toAbsolutePath();
    assertEquals(absolute, settings.home());
    assertEquals("jdbc:h2:file:" + absolute + "/reflow;AUTO_SERVER=TRUE;WRITE_DELAY=0;FILE_LOCK=SOCKET", settings.database().url());
  }

  @Test
  void impossibleCountsAreRejectedNamingTheSetting() {
    IllegalArgumentException threads = assertThrows(IllegalArgumentException.class, () -> ReflowSettings.from(
        ReflowSystem.config(ConfigFactory.parseMap(Map.of(
            "reflow.numeric-dispatcher.thread-pool-executor.fixed-pool-size", 0)))));
    assertEquals("reflow.numeric-dispatcher.thread-pool-executor.fixed-pool-size (REFLOW_NUMERIC_THREADS)"
        + " must be at least 1, got 0", threads.getMessage());

    IllegalArgumentException workers = assertThrows(IllegalArgumentException.class, () -> ReflowSettings.from(
        ReflowSystem.config(ConfigFactory.parseMap(Map.of("reflow.workers.simulators", -1)))));
    assertEquals("reflow.workers counts cannot be negative, got trainers = 1, simulators = -1, evaluators = 1",
        workers.getMessage());
  }

  @Test
  void numericWorkRunsOnTheConfiguredNumberOfDedicatedThreads() throws Exception {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of(
            "reflow.home", home.toString(),
            "reflow.numeric-dispatcher.thread-pool-executor.fixed-pool-size", 3)))) {
      assertEquals(3, system.settings().numericThreads());
      String thread = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(),
              system.actorSystem().dispatchers().lookup(DispatcherSelector.fromConfig(ReflowSettings.NUMERIC_DISPATCHER)))
          .get(5, TimeUnit.SECONDS);
      assertEquals("reflow-" + ReflowSettings.NUMERIC_DISPATCHER + "-", thread.substring(0, thread.lastIndexOf('-') + 1));
    }
  }

  @Test
  void thePostgresVariantKeepsReflowsSettingsAndSwapsOnlyTheDatabase() throws ClassNotFoundException {
    Config postgres = ConfigFactory.parseFile(new java.io.File("conf/postgres.conf"))
        .resolve(ConfigResolveOptions.noSystem());
    Config config = ReflowSystem.config(postgres);
    ReflowSettings settings = ReflowSettings.from(config);
    assertEquals("jdbc:postgresql://localhost:5432/reflow", settings.database().url());
    assertEquals("slick.jdbc.PostgresProfile$", config.getString("pekko-persistence-jdbc.shared-databases.reflow.profile"));
    assertEquals("jdbc-journal", config.getString("pekko.persistence.journal.plugin"));
    Class.forName(config.getString("pekko-persistence-jdbc.shared-databases.reflow.db.driver"));
  }

  @Test
  void theJournalsLocationIsTheH2FileOrTheUrlWithoutItsParameters() {
    assertEquals("/runs/reflow.mv.db",
        new ReflowSettings.Database("jdbc:h2:file:/runs/reflow;AUTO_SERVER=TRUE", "reflow", "").location());
    assertEquals("jdbc:postgresql://db:5432/reflow",
        new ReflowSettings.Database("jdbc:postgresql://db:5432/reflow?user=r&password=secret", "r", "").location());
  }
}
