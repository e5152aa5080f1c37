package org.reflow.cli;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;

/**
 * Child process for {@link CompactCommandTest}: opens a home's journal as any reflow command does
 * (reading its runs, as lineage or serve would), says "open", and holds it until its standard input
 * closes or it is killed.
 */
public final class HoldJournalOpen {

  private HoldJournalOpen() {}

  /** Args: the home directory. */
  public static void main(String[] args) throws Exception {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), ConfigFactory.parseMap(Map.of("reflow.home", args[0])))) {
      new Journal(system).runIds();
      System.out.println("open");
      System.out.flush();
      System.in.readAllBytes();
    }
  }
}
