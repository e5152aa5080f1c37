package org.reflow.experiment;

import java.nio.file.Path;

/**
 * Child process for {@link ReadJournalTest}: starts a reflow system on a home another process is
 * writing to and prints one line per note journalled under a persistence id.
 */
public final class ReadJournalInChildProcess {

  private ReadJournalInChildProcess() {}

  /** Args: the home directory, the persistence id. */
  public static void main(String[] args) throws Exception {
    try (ReflowSystem<Void> system = TestSystems.start(Path.of(args[0]))) {
      for (String note : TestSystems.journalledNotes(system, args[1])) {
        System.out.println("note: " + note);
      }
    }
  }
}
