package org.reflow.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.reflow.experiment.JournalMaintenance;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSettings;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunLock;
import org.reflow.home.RunLocks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reflow compact}: gives the journal file's free space back, offline. */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrites the journal file (REFLOW_HOME/reflow.mv.db) without its free space: H2 only grows it while"
          + " runs write, and 'reflow gc' deleting forgotten runs frees space inside it. Offline: refuses while"
          + " a run is being written or any other process has the journal open; holds every run's lock"
          + " meanwhile, so no run or resume starts. Prints the size before and after."
    })
final class CompactCommand implements Callable<Integer> {

  @Mixin private HomeOption home;

  @Override
  public Integer call() {
    ReflowSettings settings;
    try {
      settings = ReflowSettings.from(ReflowSystem.config(home.config()));
    } catch (ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    try (RunLocks locks = RunLocks.holdAll(settings.home())) {
      JournalMaintenance.Compaction c = JournalMaintenance.compact(settings);
      if (c.bytesBefore() == 0) {
        System.out.println("no journal at " + c.file() + ": nothing to compact");
        return 0;
      }
      System.out.printf(Locale.ROOT, "compacted %s: %s -> %s (freed %s) in %.1f s%n", c.file(), Sizes.bytes(c.bytesBefore()),
          Sizes.bytes(c.bytesAfter()), Sizes.bytes(Math.max(0, c.bytesBefore() - c.bytesAfter())), c.took().toMillis() / 1000.0);
      return 0;
    } catch (RunLock.HeldException e) {
      System.err.println("not compacted: " + e.getMessage() + " compact needs the journal to itself.");
      return 1;
    } catch (JournalMaintenance.Busy e) {
      System.err.println("not compacted: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | ReflowHomeException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }
}
