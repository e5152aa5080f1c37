package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Event;

/**
 * A real run, and every command that reads it, in child JVMs whose environment holds secrets (a
 * database password and user, a TLS key password, an API token): no secret, nor the home's own
 * journal secret, is in anything reflow printed or wrote — the commands' output, the run's log,
 * the events (read back through reflow's read side), lineage in every format (OpenLineage
 * included), the HTML report, the lineage index, the artifacts; nor, in clear, in the journal's
 * database file. A secret that does reach the terminal (here: in a file name the user typed) is
 * printed masked.
 */
class SecretsNeverWrittenTest {

  private static final String SPEC = "src/test/resources/specs/valid/two-stage-quick.yaml";
  private static final Duration COMMAND = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void noSecretFromTheEnvironmentNorTheJournalSecretIsPrintedOrWrittenAnywhere() throws Exception {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("REFLOW_DB_PASSWORD", "pw-" + random());
    secrets.put("REFLOW_DB_USER", "user-" + random());
    secrets.put("REFLOW_CLUSTER_TLS_PASSWORD", "tls-" + random());
    secrets.put("REFLOW_API_TOKEN", "tok-" + random());
    Path home = dir.resolve("home");
    Path streams = Files.createDirectories(dir.resolve("streams"));
    ReflowShell reflow = new ReflowShell("022", secrets, streams);
    String h = home.toString();

    List<Cli.Result> printed = new ArrayList<>();
    Cli.Result run = reflow.expect(0, Duration.ofMinutes(4), "run", SPEC, "--home", h);
    printed.add(run);
    String runId = Cli.runId(run.out());
    for (List<String> args : List.of(List.of("show", runId), List.of("show", runId, "--json"), List.of("runs"),
        List.of("runs", "--json"), List.of("lineage", runId + "/rf2"), List.of("lineage", runId + "/rf2", "--format", "json"),
        List.of("lineage", runId + "/rf2", "--format", "dot"), List.of("lineage", runId + "/rf2", "--format", "openlineage"),
        List.of("lineage", runId + "/rf1", "--descendants", "--format", "json"), List.of("report", runId),
        List.of("sample", runId + "/rf2", "--solver", "euler:2", "--count", "10", "--seed", "1", "--out",
            dir.resolve("samples.npy").toString()))) {
      List<String> all = new ArrayList<>(args);
      all.addAll(List.of("--home", h));
      printed.add(reflow.expect(0, COMMAND, all.toArray(String[]::new)));
    }
    String journalSecret = Files.readString(home.resolve("journal.secret")).strip();
    secrets.put("journal.secret", journalSecret);

    Map<String, String> written = new LinkedHashMap<>(); // where → what, every text reflow printed or wrote
    for (int i = 0; i < printed.size(); i++) {
      written.put("command " + (i + 1) + " output", printed.get(i).out() + printed.get(i).err());
    }
    List<String> files = new ArrayList<>();
    try (Stream<Path> tree = Files.walk(home)) {
      for (Path f : tree.filter(Files::isRegularFile).toList()) {
        String name = home.relativize(f).toString();
        if (!name.equals("journal.secret")) {
          files.add(name);
          // the database file holds the events: checked too, for the secrets in clear
          written.put(name, new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    List<Event> events = Cli.history(home, runId).events();
    for (int i = 0; i < events.size(); i++) {
      written.put("event " + i + " (" + events.get(i).getClass().getSimpleName() + ")", events.get(i).toString()); // records: every field
    }

    assertTrue(files.contains("reflow.mv.db") && files.contains("logs/" + runId + ".log")
        && files.contains(runId + "/report.html") && files.contains("lineage-index.tsv")
        && files.stream().anyMatch(f -> f.startsWith("artifacts/sha256/")), "every kind of file was looked at: " + files);
    assertTrue(printed.stream().anyMatch(r -> r.out().contains("\"eventType\":\"COMPLETE\"")), "OpenLineage events were read");
    secrets.forEach((name, secret) -> written.forEach((where, text) ->
        assertFalse(text.contains(secret), name + "'s value is in " + where)));

    // a secret that reaches the terminal anyway, here inside a path the user typed, is printed masked
    Cli.Result typed = reflow.expect(2, COMMAND, "validate", dir.resolve(secrets.get("REFLOW_DB_PASSWORD") + ".yaml").toString());
    String said = typed.out() + typed.err();
    assertTrue(said.contains(dir.resolve("***.yaml").toString()), said);
    assertFalse(said.contains(secrets.get("REFLOW_DB_PASSWORD")), said);
  }

  private static String random() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
