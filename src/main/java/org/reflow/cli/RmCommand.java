package org.reflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunLock;
import org.reflow.home.Forgotten;
import org.reflow.home.References;
import org.reflow.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow rm}: forgets a run; {@code reflow gc} then deletes it for good. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = {
      "Forgets a run: 'reflow runs' no longer lists it, show, lineage and resume refuse it, and the next"
          + " 'reflow gc' deletes its events and the artifacts no other run needs. Until then"
          + " 'reflow rm --restore RUN' brings it back whole. Refuses a run being written.",
      "Refuses, naming them, when other runs' lineage passes through what only this run recorded;"
          + " with --force it is forgotten anyway and gc keeps its events and what those runs need."
    })
final class RmCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN", description = "The run id ('reflow runs' lists them).")
  private String runId;

  @Option(names = "--force", description = "Forget it even though other runs' lineage passes through it.")
  private boolean force;

  @Option(names = "--restore", description = "Bring back a forgotten run that gc has not deleted yet.")
  private boolean restore;

  @Mixin private HomeOption home;

  @Override
  public Integer call() throws InterruptedException {
    return KnownRun.act(home, runId, this::rm);
  }

  private int rm(ReflowSystem<Void> system, Journal journal, RunHistory history) {
    Path homePath = system.settings().home();
    if (restore) {
      System.out.println(Forgotten.clear(homePath, runId) ? "run " + runId + " is back" : "run " + runId + " is not forgotten");
      return 0;
    }
    if (Forgotten.isForgotten(homePath, runId)) {
      System.out.println(Forgotten.message(homePath, runId));
      return 0;
    }
    try (RunLock lock = RunLock.acquire(system.settings(), runId)) {
      return forget(homePath, journal, history);
    } catch (RunLock.HeldException e) {
      System.err.println(e.getMessage() + " It is not forgotten: stop it first.");
      return 1;
    }
  }

  private int forget(Path homePath, Journal journal, RunHistory history) {
    Map<String, List<Event>> runs = References.read(journal);
    Set<String> forgotten = new HashSet<>(Forgotten.runIds(homePath));
    References before = References.of(runs, forgotten);
    forgotten.add(runId);
    References after = References.of(runs, forgotten);
    References.Dependence dependence = after.dependents().get(runId);
    Set<String> dependents = dependence == null ? Set.of() : dependence.runs();
    if (!dependents.isEmpty() && !force) {
      System.err.println("run " + runId + " recorded " + String.join(", ", dependence.ids()) + ", which the lineage of "
          + String.join(", ", dependents) + " passes through and no other run recorded; forgetting it would cut their"
          + " lineage. Forget those runs first, or give --force: gc then keeps this run's events and the artifacts"
          + " those runs need.");
      return 1;
    }
    Forgotten.mark(homePath, runId, Instant.now());
    Set<String> freed = new TreeSet<>(before.artifacts());
    freed.removeAll(after.artifacts());
    ArtifactStore store = ArtifactStore.open(homePath);
    long bytes = freed.stream().map(store::path).filter(Files::isRegularFile).mapToLong(RmCommand::size).sum();
    long files = freed.stream().map(store::path).filter(Files::isRegularFile).count();
    System.out.printf("forgot run %s (experiment '%s', %s)%n", runId, history.run().orElseThrow().name(), history.status());
    if (!dependents.isEmpty()) {
      System.out.println("  gc keeps its events: the lineage of " + String.join(", ", dependents) + " passes through it");
    }
    System.out.println("  'reflow gc' deletes " + (dependents.isEmpty() ? "its events and " : "") + Sizes.files(files) + " ("
        + Sizes.bytes(bytes) + ") that no other run needs; until then 'reflow rm --restore " + runId + "' brings it back");
    return 0;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException gone) {
      return 0;
    }
  }
}
