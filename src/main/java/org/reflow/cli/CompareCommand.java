package org.reflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowHomeException;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunHistory;
import org.reflow.home.Forgotten;
import org.reflow.report.Comparison;
import org.reflow.report.RunDocuments;
import org.reflow.report.Replicates;
import org.reflow.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reflow compare RUN[/VARIANT] ...}: runs side by side, their metrics with intervals and their specs. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Puts runs side by side: per stage and solver, each column's final metrics (W2, straightness, transport"
          + " cost, …) as mean ± half-width of the 95% interval (Student t) over its replicates, with N; then"
          + " the specs, key by key.",
      "A column is RUN (one per sweep point of the run, its replicates pooled), RUN/POINT (a sweep point,"
          + " e.g. RUN/lr=0.01) or RUN/VARIANT (one replicate, e.g. RUN/s3 or RUN/lr=0.01/s3).",
      "--json prints {columns [{run, name, seeds, status}], metrics [{stage, solver, metric, values [stat|null"
          + " per column]}], spec [{key, values [per column]}]}, each stat {n, mean, std, ci95, values {seed: value}}."
    })
final class CompareCommand implements Callable<Integer> {

  private static final List<String> TABLE_METRICS = List.of("w2", "straightness", "transport_cost", "crossing_probability");

  @Parameters(arity = "1..*", paramLabel = "RUN[/VARIANT]", description = "Runs to compare, as 'reflow runs' lists them, each"
      + " optionally narrowed to a sweep point or a variant.")
  private List<String> runs;

  @Mixin private HomeOption home;

  @Option(names = "--json", description = "Machine-readable output (shapes in docs/compare.md).")
  private boolean json;

  @Option(names = "--only-differences", description = "Show only the spec keys whose values differ between the columns.")
  private boolean onlyDifferences;

  @Override
  public Integer call() throws Exception {
    List<Comparison.Selection> selections = new ArrayList<>();
    for (String arg : runs) {
      if (!IdArguments.isRunId(runOf(arg))) {
        return 2;
      }
    }
    Comparison comparison;
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(), home.config())) {
      Journal journal = new Journal(system);
      for (String arg : runs) {
        String runId = runOf(arg);
        if (Forgotten.isForgotten(system.settings().home(), runId)) {
          System.err.println(Forgotten.message(system.settings().home(), runId));
          return 2;
        }
        RunHistory history = journal.history(runId);
        if (history.run().isEmpty()) {
          System.err.println("no run '" + runId + "' in this home; 'reflow runs' lists the runs (use --home for another home)");
          return 2;
        }
        selections.add(new Comparison.Selection(history, arg.length() > runId.length() ? arg.substring(runId.length() + 1) : ""));
      }
      comparison = Comparison.of(selections);
    } catch (ReflowHomeException | SpecException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (json) {
      System.out.println(RunsCommand.JSON.writeValueAsString(document(comparison)));
    } else {
      print(comparison);
    }
    return 0;
  }

  private static String runOf(String arg) {
    int slash = arg.indexOf('/');
    return slash < 0 ? arg : arg.substring(0, slash);
  }

  private Map<String, Object> document(Comparison c) {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Map<String, Object>> columns = new ArrayList<>();
    c.columns().forEach(col -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run", col.runId());
      m.put("name", col.name());
      m.put("seeds", col.seeds());
      m.put("status", col.status());
      columns.add(m);
    });
    doc.put("columns", columns);
    List<Map<String, Object>> metrics = new ArrayList<>();
    c.metrics().forEach(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", r.stage());
      m.put("solver", r.solver());
      m.put("metric", r.metric());
      m.put("values", r.values().stream().map(v -> v.map(RunDocuments::json).orElse(null)).toList());
      metrics.add(m);
    });
    doc.put("metrics", metrics);
    List<Map<String, Object>> spec = new ArrayList<>();
    c.spec().stream().filter(r -> !onlyDifferences || r.differs()).forEach(r -> spec.add(Map.of("key", r.key(), "values", r.values())));
    doc.put("spec", spec);
    return doc;
  }

  private void print(Comparison c) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("stage", "solver", "metric"));
    c.columns().forEach(col -> header.add(col.label() + " (n=" + col.seeds().size() + ")"));
    rows.add(header);
    for (Comparison.Row r : c.metrics()) {
      if (!TABLE_METRICS.contains(r.metric())) {
        continue;
      }
      List<String> row = new ArrayList<>(List.of(r.stage(), r.solver(), r.metric()));
      for (int i = 0; i < r.values().size(); i++) {
        int seeds = c.columns().get(i).seeds().size();
        row.add(r.values().get(i).map(s -> cell(s, seeds)).orElse("-"));
      }
      rows.add(row);
    }
    System.out.println("final metrics: mean ± half-width of the 95% interval (Student t) over each column's completed"
        + " replicates, [N] where fewer completed than the column has");
    System.out.print(SummaryTable.layout(rows));
    List<List<String>> spec = new ArrayList<>();
    List<String> specHeader = new ArrayList<>(List.of("spec key"));
    c.columns().forEach(col -> specHeader.add(col.label()));
    spec.add(specHeader);
    c.spec().stream().filter(r -> !onlyDifferences || r.differs()).forEach(r -> {
      List<String> row = new ArrayList<>(List.of(r.key()));
      row.addAll(r.values().stream().map(v -> v.isEmpty() ? "-" : v).toList());
      spec.add(row);
    });
    System.out.println();
    System.out.println(onlyDifferences ? "spec keys that differ" + (spec.size() == 1 ? ": none" : "") : "specs");
    if (spec.size() > 1) {
      System.out.print(SummaryTable.layout(spec));
    }
  }

  private static String cell(Replicates.Stat s, int seeds) {
    return ReplicateTables.plusMinus(s.estimate()) + (s.estimate().n() < seeds ? " [" + s.estimate().n() + "]" : "");
  }
}
