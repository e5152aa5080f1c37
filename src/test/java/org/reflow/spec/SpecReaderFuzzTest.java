package org.reflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.cli.Main;
import picocli.CommandLine;

/**
 * {@code reflow validate} on thousands of damaged copies of the shipped experiment files (see
 * {@link Mutations}): every answer is either "ok" (exit 0) or the reader's own list of problems
 * naming the file (exit 2) — never another exception — within a second of processor time (wall time
 * on a shared machine measures its load), and nothing is written.
 * Seeded: a failure names the seed and case, and {@code -Dreflow.fuzz.seed=S} replays it.
 */
class SpecReaderFuzzTest {

  private static final long SEED = Long.getLong("reflow.fuzz.seed", 20261202L);
  private static final int CASES = Integer.getInteger("reflow.fuzz.cases", 3_000);
  /** Processor time one case may take: load-independent, where the machine is shared. */
  private static final long CASE_LIMIT_MILLIS = 1_000;
  /** Wall-clock time after which a case counts as hung. */
  private static final long HUNG_SECONDS = 30;

  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  /** One command line for every case, as picocli allows: building it costs more than a validation. */
  private static final CommandLine CLI = new CommandLine(new Main());

  @TempDir Path work;

  private record Answer(int code, String out, String err, Throwable unexpected, long cpuMillis) {}

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void validateAnswersEveryDamagedExperimentWithinASecondWithOkOrItsOwnProblemsAndWritesNothing() throws Exception {
    List<Path> shipped;
    try (Stream<Path> files = Files.list(Path.of("experiments"))) {
      shipped = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(6, shipped.size(), "the shipped experiments: " + shipped);
    Files.createDirectories(work.resolve("data"));
    for (String npy : List.of("disc.npy", "ring.npy")) {
      Files.copy(Path.of("experiments/data", npy), work.resolve("data").resolve(npy));
    }
    Path file = work.resolve("case.yaml");
    Set<String> workBefore = listing(work);
    workBefore.add("case.yaml");
    Set<String> cwdBefore = listing(Path.of(""));

    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ExecutorService validator = newValidator();
    List<String> failures = new java.util.ArrayList<>();
    Random random = new Random(SEED);
    long slowest = 0;
    long processorMillis = 0;
    String slowestCase = "";
    int accepted = 0;
    long started = System.nanoTime();
    try {
      for (Path original : shipped) { // unharmed, each validates
        Files.copy(original, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Answer ok = validator.submit(() -> validate(file)).get(30, TimeUnit.SECONDS);
        assertEquals(0, ok.code(), original + ":\n" + ok.err());
      }
      for (int c = 0; c < CASES; c++) {
        Path base = shipped.get(random.nextInt(shipped.size()));
        Mutations.Mutated mutated = Mutations.mutate(Files.readAllBytes(base), random);
        Files.write(file, mutated.bytes());
        String which = "seed " + SEED + ", case " + c + " (" + mutated.names() + " of " + base + ")";
        Future<Answer> answer = validator.submit(() -> validate(file));
        Answer a;
        try {
          a = answer.get(HUNG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          answer.cancel(true);
          validator.shutdownNow();
          validator = newValidator(); // the stuck one is a daemon thread, left behind
          failures.add(which + ": no answer within " + HUNG_SECONDS + " s" + saved(mutated.bytes(), c));
          continue;
        }
        processorMillis += a.cpuMillis();
        if (a.cpuMillis() > slowest) {
          slowest = a.cpuMillis();
          slowestCase = which;
        }
        if (a.cpuMillis() > CASE_LIMIT_MILLIS) {
          failures.add(which + ": took " + a.cpuMillis() + " ms of processor time" + saved(mutated.bytes(), c));
        } else if (a.unexpected() != null) {
          failures.add(which + ": validate threw " + trace(a.unexpected()) + saved(mutated.bytes(), c));
        } else if (a.code() == 0) {
          accepted++;
          if (!a.out().contains(file + ": ok")) {
            failures.add(which + ": exit 0 without 'ok':\n" + clip(a.out()) + saved(mutated.bytes(), c));
          }
        } else if (a.code() != 2 || !a.err().matches("(?s)\\d+ problems? in the experiment:\n  "
            + java.util.regex.Pattern.quote(file.toString()) + ".*")) {
          failures.add(which + ": exit " + a.code() + "; the problems must name the file:\n" + clip(a.err())
              + saved(mutated.bytes(), c));
        }
      }
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
      validator.shutdownNow();
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + CASES + " cases failed; the first ones:\n\n"
        + String.join("\n\n", failures.subList(0, Math.min(15, failures.size()))));
    System.out.printf("spec fuzz: seed %d, %d cases in %.1f s (validation %.1f s of processor time), %d accepted,"
        + " slowest %d ms (%s)%n", SEED, CASES, (System.nanoTime() - started) / 1e9, processorMillis / 1e3, accepted,
        slowest, slowestCase);
    assertEquals(workBefore, listing(work), "validate wrote into the experiment's folder");
    assertEquals(cwdBefore, listing(Path.of("")), "validate wrote into the working directory");
  }

  private static ExecutorService newValidator() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-validate");
      t.setDaemon(true); // a case that never answers must not keep the JVM alive
      return t;
    });
  }

  private static String trace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return String.join("\n", w.toString().lines().limit(12).toList());
  }

  /** {@code reflow validate FILE}, as the command line runs it; an exception the command did not handle is kept. */
  private static Answer validate(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    AtomicReference<Throwable> unexpected = new AtomicReference<>();
    long cpu0 = CPU.getCurrentThreadCpuTime();
    int code;
    try {
      code = CLI.setExecutionExceptionHandler((e, cmd, parsed) -> {
        unexpected.set(e);
        return 99;
      }).execute("validate", file.toString());
    } catch (StackOverflowError | OutOfMemoryError | RuntimeException e) {
      unexpected.set(e);
      code = 99;
    }
    return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), unexpected.get(),
        (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
  }

  private static Set<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
    }
  }

  /** Keeps a failing input under target/ and says where, with its start, so the case can be read and replayed. */
  private static String saved(byte[] input, int c) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "spec-fuzz"));
      Path kept = dir.resolve("case-" + SEED + "-" + c + ".yaml");
      Files.write(kept, input);
      return "\ninput kept in " + kept + "; it starts:\n" + clip(new String(input, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return "\n(the input could not be kept: " + e.getMessage() + ")";
    }
  }

  private static String clip(String s) {
    return s.length() <= 600 ? s : s.substring(0, 600) + "… (" + s.length() + " characters)";
  }
}
