package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.CancelRequest;
import org.reflow.experiment.ChildProcess;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;

/**
 * {@code reflow cancel}: a run trained by another process is cancelled — its process records
 * {@link Event.ExperimentCancelled}, ends with status 3 and the last line {@code run RUN cancelled} —
 * and {@code resume} completes it; runs that are not running and ids that name no run are refused
 * with what to do.
 */
@Timeout(600)
class CancelCommandTest {

  static final String SPEC = "src/test/resources/specs/valid/two-stage-quick.yaml";
  /** Long enough to be caught training: two stages of 3,000 steps. */
  static final List<String> LONG = List.of("--set", "defaults.train.steps=3000", "--set", "defaults.train.checkpoint_every=100",
      "--set", "evaluation.every=3000");

  @TempDir Path home;

  @Test
  void aRunningRunIsCancelledByItsOwnProcessAndResumeCompletesIt() throws Exception {
    String id;
    try (ChildProcess run = ChildProcess.java(Main.class, args(List.of("run", SPEC, "--home", home.toString()), LONG), true,
        Map.of())) {
      id = Cli.runId(run.awaitLine(line -> line.matches("^rf1\\s+step\\s+[1-9]\\d*/.*"), Duration.ofMinutes(4)));
      Cli.Result cancelled = Cli.run("cancel", id, "--home", home.toString());
      assertEquals(0, cancelled.code(), cancelled.out() + cancelled.err());
      assertTrue(cancelled.out().contains("run " + id + " cancelled at "), cancelled.out());
      String output = run.awaitExit(3, Duration.ofMinutes(2));
      String[] lines = output.strip().split("\n");
      assertEquals("run " + id + " cancelled", lines[lines.length - 1], output);
      assertTrue(output.contains("'reflow resume " + id + "' continues the run"), output);
    }
    RunHistory stopped = Cli.history(home, id);
    assertEquals("cancelled", stopped.status());
    // an evaluation already under way may still record its metrics after the cancellation; nothing else may
    List<Event> events = stopped.events();
    int at = events.size() - 1;
    while (events.get(at) instanceof Event.MetricsRecorded) {
      at--;
    }
    Event.ExperimentCancelled event = assertInstanceOf(Event.ExperimentCancelled.class, events.get(at),
        "the last event but evaluations' metrics: " + events.get(at));
    assertTrue(event.requestedBy().startsWith("reflow cancel, pid "), event.requestedBy());
    assertFalse(Files.exists(CancelRequest.file(home, id)), "the answered request is removed");

    Cli.Result again = Cli.run("cancel", id, "--home", home.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().contains("run " + id + " is not running: it was cancelled"), again.err());

    try (ChildProcess resume = ChildProcess.java(Main.class, List.of("resume", id, "--home", home.toString()), true, Map.of())) {
      String output = resume.awaitExit(0, Duration.ofMinutes(6));
      assertTrue(output.contains("resuming experiment 'two-stage-quick' (it was cancelled)"), output);
    }
    RunHistory resumed = Cli.history(home, id);
    assertEquals("completed", resumed.status());
    assertInstanceOf(Event.ExperimentResumed.class, resumed.events().stream().filter(e -> e instanceof Event.ExperimentResumed)
        .findFirst().orElseThrow());
  }

  @Test
  void runsThatAreNotRunningAndUnknownIdsAreRefusedWithWhatToDo() {
    String id = Cli.runId(Cli.expect(0, "run", SPEC, "--home", home.toString()));
    Cli.Result completed = Cli.run("cancel", id, "--home", home.toString());
    assertEquals(1, completed.code());
    assertTrue(completed.err().contains("run " + id + " is not running: it has completed; there is nothing to cancel"),
        completed.err());

    Cli.Result unknown = Cli.run("cancel", "20990101-000000-0000", "--home", home.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("no run '20990101-000000-0000' in "), unknown.err());

    Cli.Result malformed = Cli.run("cancel", "../etc", "--home", home.toString());
    assertEquals(2, malformed.code());
    assertTrue(malformed.err().contains("not a run id"), malformed.err());
    assertFalse(Files.exists(home.resolve("..").resolve("etc").resolve("cancel")));
  }

  @Test
  void aKilledRunThatStoppedWithoutAnEndIsPointedToResumeAndALeftoverRequestIsIgnoredByTheResume() throws Exception {
    String id;
    try (ChildProcess run = ChildProcess.java(Main.class, args(List.of("run", SPEC, "--home", home.toString()), LONG), true,
        Map.of())) {
      id = Cli.runId(run.awaitLine(line -> line.matches("^rf1\\s+step\\s+[1-9]\\d*/.*"), Duration.ofMinutes(4)));
      run.kill();
    }
    Cli.Result refused = Cli.run("cancel", id, "--home", home.toString());
    assertEquals(1, refused.code(), refused.out() + refused.err());
    assertTrue(refused.err().contains("run " + id + " is not running on this machine: it stopped without an end ('reflow"
        + " resume " + id + "' continues it)"), refused.err());
    assertFalse(Files.exists(CancelRequest.file(home, id)), "a refused cancel writes no request");

    CancelRequest.request(home, id, "a request its killed process never saw");
    try (ChildProcess resume = ChildProcess.java(Main.class, List.of("resume", id, "--home", home.toString()), true, Map.of())) {
      resume.awaitExit(0, Duration.ofMinutes(6));
    }
    assertEquals("completed", Cli.history(home, id).status(), "a request older than the resuming process is not answered");
    assertFalse(Files.exists(CancelRequest.file(home, id)), "the stale request is removed");
  }

  static List<String> args(List<String> command, List<String> more) {
    List<String> all = new java.util.ArrayList<>(command);
    all.addAll(more);
    return all;
  }
}
