package org.reflow.experiment;

import java.nio.file.Path;

/**
 * Child process for {@link JournalServerTest}: starts a reflow system on a home, so this process
 * serves the home's journal as a run does, says "open", and keeps it open until its standard
 * input closes.
 */
public final class HoldJournalOpen {

  private HoldJournalOpen() {}

  /** Args: the home directory. */
  public static void main(String[] args) throws Exception {
    try (ReflowSystem<Void> system = TestSystems.start(Path.of(args[0]))) {
      System.out.println("open");
      System.out.flush();
      System.in.readAllBytes();
    }
  }
}
