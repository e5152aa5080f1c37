package org.reflow.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunState;
import org.reflow.run.Conductor;
import org.reflow.run.RunUpdate;
import org.reflow.work.Evaluator;
import org.reflow.work.Simulator;
import org.reflow.work.Trainer;

/**
 * Turns a run's updates into lines on the terminal: progress per active stage (step/total, loss,
 * steps/s, ETA), couplings as they are generated, evaluations as they arrive. On an interactive
 * terminal the progress of every active stage shares one live line, rewritten in place; in a
 * log or a pipe each progress update is a line of its own. Completes {@code outcome} with what
 * the summary table needs when the run ends.
 */
final class RunPrinter {

  /** The end of a run as the Conductor last saw it. */
  record Outcome(RunState state) {}

  private RunPrinter() {}

  /**
   * Prints a run's updates on {@code terminal} (a live line when {@code live}), completes
   * {@code outcome} at its end, and tells {@code completed} each stage that completed, for the
   * report's figures to be drawn before the run ends.
   */
  static Behavior<RunUpdate> create(PrintStream terminal, boolean live, CompletableFuture<Outcome> outcome,
      Consumer<String> completed) {
    LiveLine out = new LiveLine(terminal, live);
    return Behaviors.receive(RunUpdate.class)
        .onMessage(RunUpdate.TrainerUpdate.class, u -> {
          print(out, u.progress());
          if (u.progress() instanceof Trainer.StageCompleted c) {
            completed.accept(c.stage());
          }
          return Behaviors.same();
        })
        .onMessage(RunUpdate.RunSubmitted.class, u -> {
          out.printf("run %s: experiment '%s', %d stages, home %s%n", u.runId(), u.experiment(), u.stages(), u.home());
          return Behaviors.same();
        })
        .onMessage(RunUpdate.RunResumed.class, u -> {
          out.printf("%s%n", describe(u.event()));
          return Behaviors.same();
        })
        .onMessage(RunUpdate.GeneratingPairs.class, u -> {
          out.printf("%-14s generating %d pairs with %s%n", u.stage(), u.pairs(), u.solver());
          return Behaviors.same();
        })
        .onMessage(RunUpdate.WorkAssigned.class, u -> {
          out.printf("%-14s %s on %s%n", u.stage(), u.role(), u.node());
          return Behaviors.same();
        })
        .onMessage(RunUpdate.StageLost.class, u -> {
          out.done(u.stage());
          out.printf("%-14s lost its %s on %s; restarting on another worker %s%n", u.stage(), u.role(), u.node(),
              u.role().equals("trainer") ? "from step " + u.fromStep() : "keeping the shards recorded");
          return Behaviors.same();
        })
        .onMessage(RunUpdate.SimulatorUpdate.class, u -> {
          if (u.reply() instanceof Simulator.ShardWritten w) {
            out.progress(w.stage(), String.format("%-14s coupling shard %d/%d written", w.stage(), w.index() + 1, w.shards()));
          } else if (u.reply() instanceof Simulator.CouplingReady r) {
            out.done(r.stage());
            out.printf("%-14s coupling %s ready: %d shard%s%n", r.stage(), r.couplingId(), r.shards().size(), r.shards().size() == 1 ? "" : "s");
          } else if (u.reply() instanceof Simulator.GenerationFailed f) {
            out.printf("%-14s coupling failed: %s%n", f.stage(), f.reason());
          }
          return Behaviors.same();
        })
        .onMessage(RunUpdate.EvaluatorUpdate.class, u -> {
          if (u.reply() instanceof Evaluator.Evaluation e) {
            out.printf("%-14s eval @%d  %s%n", e.stage(), e.step(), SummaryTable.oneLine(e));
          } else if (u.reply() instanceof Evaluator.EvaluationFailed f) {
            out.printf("%-14s evaluation of %s failed: %s%n", f.stage(), f.checkpointId(), f.reason());
          }
          return Behaviors.same();
        })
        .onMessage(RunUpdate.RunEnded.class, u -> {
          out.clear();
          outcome.complete(new Outcome(u.state()));
          return Behaviors.stopped();
        })
        .build();
  }

  /** The resume as recorded: what was kept, where each stage restarts. */
  static String describe(Event.ExperimentResumed e) {
    StringBuilder s = new StringBuilder("resume " + e.resumption() + " recorded: ");
    s.append(e.keptStages().isEmpty() ? "no stage completed" : "kept " + String.join(", ", e.keptStages()) + " (completed)");
    e.restartSteps().forEach((stage, step) -> {
      int shards = e.keptShards().getOrDefault(stage, java.util.List.of()).size();
      s.append("; ").append(stage).append(step > 0 ? " restarts at step " + step : " starts over")
          .append(shards > 0 ? ", keeping " + shards + " coupling shard" + (shards == 1 ? "" : "s") : "");
    });
    return s.toString();
  }

  private static void print(LiveLine out, Trainer.Progress p) {
    if (p instanceof Trainer.Stepped s) {
      String rate = s.stepsPerSecond() > 0 ? String.format("%7.0f steps/s  ETA %4.0fs", s.stepsPerSecond(),
          (s.total() - s.step()) / s.stepsPerSecond()) : "      - steps/s  ETA    -";
      out.progress(s.stage(), String.format("%-14s step %6d/%-6d loss %9.4f  %s", s.stage(), s.step(), s.total(), s.loss(), rate));
    } else if (p instanceof Trainer.StageCompleted c) {
      out.done(c.stage());
      out.printf("%-14s completed after %d steps: %s%n", c.stage(), c.steps(), c.finalCheckpoint());
    } else if (p instanceof Trainer.StageFailed f) {
      out.done(f.stage());
      out.printf("%-14s FAILED: %s%n", f.stage(), f.reason());
    }
  }

  /** Progress of the active stages on one line rewritten in place (live), or as plain lines. */
  private static final class LiveLine {
    private final PrintStream out;
    private final boolean live;
    private final Map<String, String> active = new LinkedHashMap<>();

    LiveLine(PrintStream out, boolean live) {
      this.out = out;
      this.live = live;
    }

    void progress(String stage, String text) {
      if (!live) {
        out.println(text);
        return;
      }
      active.put(stage, text.replaceAll(" {2,}", " "));
      redraw();
    }

    void done(String stage) {
      active.remove(stage);
    }

    /** A line of its own, above the live line. */
    void printf(String format, Object... args) {
      clear();
      out.printf(format, args);
      redraw();
    }

    void clear() {
      if (live) {
        out.print("\r\033[K");
      }
    }

    private void redraw() {
      if (live && !active.isEmpty()) {
        out.print("\r\033[K" + String.join("  |  ", active.values()));
        out.flush();
      }
    }
  }
}
