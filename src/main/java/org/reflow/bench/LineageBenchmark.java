package org.reflow.bench;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.lineage.LineageQuery;
import org.reflow.lineage.LineageText;

/**
 * How fast lineage answers in a home of many runs: a home of synthetic runs ({@link SyntheticHome}),
 * created or reused, then the deepest checkpoint's upstream lineage by RUN/STAGE and by bare
 * checkpoint id, and the first checkpoint's descendants — in this JVM (median of the rounds, after
 * one unmeasured) and as the whole command in a fresh JVM, start-up included.
 */
final class LineageBenchmark {

  private LineageBenchmark() {}

  static Map<String, Object> run(Path home, int runs, int rounds, String mainClass) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("home", home.toString());
    out.put("runs", runs);
    out.put("run_shape", "rectify + 5 reflows, each 2500 steps with a checkpoint and 3 solvers' metrics every 500, 2-shard couplings");
    var config = ConfigFactory.parseMap(Map.of("reflow.home", home.toString()));
    try (ReflowSystem<SpawnProtocol.Command> system = ReflowSystem.start(SpawnProtocol.create(), config)) {
      Journal journal = new Journal(system);
      int existing = (int) journal.runIds().stream().filter(id -> id.startsWith("bench-")).count();
      if (existing < runs) {
        System.err.println("bench: writing runs " + existing + " to " + runs + " through the Experiment actor ...");
        long t0 = System.nanoTime();
        SyntheticHome.write(system, existing, runs, 16);
        out.put("written_runs", runs - existing);
        out.put("write_seconds", StepBenchmark.round((System.nanoTime() - t0) / 1e9));
      }
      // The index built from nothing reads every event of every run: what each lookup would cost without it.
      Files.deleteIfExists(home.resolve("lineage-index.tsv"));
      Map<String, String> ids = ids(runs);
      long t0 = System.nanoTime();
      LineageQuery.ask(journal, home, ids.get("upstream_by_checkpoint_id"), false);
      out.put("first_lookup_building_the_index_seconds", StepBenchmark.round((System.nanoTime() - t0) / 1e9));
      Map<String, Object> inProcess = new LinkedHashMap<>();
      ids.forEach((name, args) -> inProcess.put(name + "_ms_median", StepBenchmark.round(inProcessMillis(journal, home, args, rounds))));
      out.put("in_process", inProcess);
    }
    Map<String, Object> cli = new LinkedHashMap<>();
    for (var e : ids(runs).entrySet()) {
      cli.put(e.getKey() + "_seconds_median", StepBenchmark.round(cliSeconds(mainClass, home, e.getValue(), rounds)));
    }
    out.put("cli_fresh_jvm", cli);
    out.put("rounds", rounds);
    out.put("load_average", Files.readString(Path.of("/proc/loadavg")).strip());
    return out;
  }

  /** The three questions, as the command's arguments. */
  private static Map<String, String> ids(int runs) {
    String last = SyntheticHome.runId(runs - 1);
    String deepest = SyntheticHome.stage(SyntheticHome.STAGES - 1);
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("upstream_by_run_stage", last + "/" + deepest);
    ids.put("upstream_by_checkpoint_id", SyntheticHome.checkpointId(last, deepest, 2500));
    ids.put("descendants_of_first_checkpoint", SyntheticHome.checkpointId(SyntheticHome.runId(0), "rf1", 500) + " --descendants");
    return ids;
  }

  private static double inProcessMillis(Journal journal, Path home, String args, int rounds) {
    String id = args.split(" ")[0];
    boolean descendants = args.endsWith("--descendants");
    double[] millis = new double[rounds];
    for (int r = -1; r < rounds; r++) {
      long t0 = System.nanoTime();
      String tree = LineageText.tree(LineageQuery.ask(journal, home, id, descendants).lineage());
      if (r >= 0) {
        millis[r] = (System.nanoTime() - t0) / 1e6;
      }
      if (tree.isEmpty()) {
        throw new IllegalStateException("no lineage for " + args);
      }
    }
    return StepBenchmark.median(millis);
  }

  private static double cliSeconds(String mainClass, Path home, String args, int rounds) throws Exception {
    double[] seconds = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), mainClass, "lineage", "--home", home.toString()));
      command.addAll(List.of(args.split(" ")));
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("reflow lineage " + args + " failed: " + output);
      }
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    return StepBenchmark.median(seconds);
  }

  static Path temporaryHome() throws java.io.IOException {
    return Files.createTempDirectory("reflow-bench-lineage");
  }
}
