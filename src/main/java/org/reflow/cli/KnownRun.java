package org.reflow.cli;

import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;

/**
 * The opening of a command that acts on one run the home records ({@code rm}, {@code cancel}): the
 * run id is checked ({@link IdArguments}), the system started on the home, the run's history read;
 * an unknown run is refused on standard error with exit 2, a home that cannot hold runs with exit 1.
 */
final class KnownRun {

  /** What a command does with the run once its history is read; returns the exit code. */
  interface Action {
    int apply(ReflowSystem<Void> system, Journal journal, RunHistory history) throws InterruptedException;
  }

  private KnownRun() {}

  /** Runs {@code action} on run {@code runId} of the home, or refuses it; returns the command's exit code. */
  static int act(HomeOption home, String runId, Action action) throws InterruptedException {
    if (!IdArguments.isRunId(runId)) {
      return 2;
    }
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      Journal journal = new Journal(system);
      RunHistory history = journal.history(runId);
      if (history.run().isEmpty()) {
        System.err.println("no run '" + runId + "' in " + system.settings().home()
            + "; 'reflow runs' lists the runs there (or give --home)");
        return 2;
      }
      return action.apply(system, journal, history);
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }
}
