package org.reflow.serve;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.reflow.experiment.ReflowSettings;

/**
 * Starts {@code reflow run} and {@code reflow resume} as processes of their own, with this JVM's
 * Java, class path and memory options, on the same home and journal: a launched run is an ordinary
 * run, and goes on when the dashboard stops (in a session of its own where {@code setsid} exists,
 * so a Ctrl-C meant for the dashboard does not reach it). What it prints goes to {@code
 * REFLOW_HOME/logs/<RUN>.out} (a resume appends). The run id is known from its first line, {@code
 * run <RUN>: …}, printed once the journal holds the submission or the resumption.
 */
final class Launcher {

  /** The CLI's entry point, started by name: {@code cli} uses {@code serve}, never the reverse. */
  static final String CLI = "org.reflow.cli.Main";
  /** Long enough for a process to start and wait its turn on the journal (docs/storage.md). */
  private static final Duration FIRST_LINE = Duration.ofSeconds(150);
  private static final Pattern FIRST = Pattern.compile("^run (\\S+): ", Pattern.MULTILINE);
  private static final int OUTPUT_SHOWN = 4_000;

  /** A started run: its id and the file its output goes to. */
  record Started(String runId, Path output) {}

  private final Path home;
  private final Optional<String> journalUrl;

  Launcher(ReflowSettings settings) {
    this.home = settings.home();
    String url = settings.database().url();
    this.journalUrl = url.startsWith("jdbc:h2:") ? Optional.empty() : Optional.of(url);
  }

  /** The output file of run {@code runId} under {@code home} (its id checked by the caller). */
  static Path output(Path home, String runId) {
    return home.resolve("logs").resolve(runId + ".out");
  }

  /** {@code reflow run FILE --set K=V …}; answers once the run is recorded, or refuses with what it printed. */
  Started run(Path experiment, Map<String, String> overrides) {
    List<String> args = new ArrayList<>(List.of("run", experiment.toString()));
    overrides.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    Path pending = home.resolve("logs").resolve("launch-" + HexFormat.of().formatHex(random) + ".out");
    Process process = start(args, pending);
    String runId;
    try {
      runId = awaitRunId(process, pending, 0, "reflow run " + experiment.getFileName());
    } catch (ApiError refused) {
      if (!process.isAlive()) { // what it printed is in the refusal; a process still going keeps its file
        deleteQuietly(pending);
      }
      throw refused;
    }
    try { // the process writes on through its open file, under the run's name
      Files.move(pending, output(home, runId), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      return new Started(runId, pending);
    }
    return new Started(runId, output(home, runId));
  }

  /** {@code reflow resume RUN}; answers once the resumption is recorded, or refuses with what it printed. */
  Started resume(String runId) {
    Path output = output(home, runId);
    long from;
    try {
      from = Files.exists(output) ? Files.size(output) : 0;
    } catch (IOException e) {
      from = 0;
    }
    return new Started(awaitRunId(start(List.of("resume", runId), output), output, from, "reflow resume " + runId), output);
  }

  private Process start(List<String> args, Path output) {
    List<String> command = new ArrayList<>();
    onPath("setsid").ifPresent(command::add);
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-XX:SharedArchiveFile")
            || a.startsWith("-Xlog:cds"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CLI));
    command.addAll(args);
    command.addAll(List.of("--home", home.toString()));
    journalUrl.ifPresent(url -> command.addAll(List.of("--journal", url)));
    try {
      Files.createDirectories(output.getParent());
      return new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", args) + " (" + e.getMessage() + ")", e);
    }
  }

  /** The id in the process's first {@code run <RUN>: } line; a process that ends before printing one is refused. */
  private static String awaitRunId(Process process, Path output, long from, String what) {
    long deadline = System.nanoTime() + FIRST_LINE.toNanos();
    while (System.nanoTime() < deadline) {
      boolean ended = !process.isAlive();
      String text = read(output, from);
      Matcher first = FIRST.matcher(text);
      if (first.find()) {
        return first.group(1);
      }
      if (ended) {
        int status = process.exitValue();
        String shown = text.length() > OUTPUT_SHOWN ? "…" + text.substring(text.length() - OUTPUT_SHOWN) : text;
        throw new ApiError(status == 2 ? StatusCodes.UNPROCESSABLE_ENTITY : StatusCodes.CONFLICT, what + " ended (exit "
            + status + ") before it recorded a run; it printed:\n" + shown.strip());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new ApiError(StatusCodes.GATEWAY_TIMEOUT, what + " has not named its run within " + FIRST_LINE.toSeconds()
        + " s; it goes on, writing to " + output + " ('reflow runs' lists it once it is recorded)");
  }

  private static String read(Path output, long from) {
    try {
      byte[] all = Files.readAllBytes(output);
      return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a stray output file is only clutter in logs/
    }
  }

  private static Optional<String> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
