package org.reflow.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets in JDBC urls, property dumps, JSON and the environment are masked; the text around them is kept. */
class RedactionTest {

  @Test
  void aJdbcUrlKeepsItsHostAndUserButNotItsPassword() {
    assertEquals("cannot open jdbc:postgresql://db.lab:5432/reflow?user=reflow&password=***&ssl=true (refused)",
        Redaction.text("cannot open jdbc:postgresql://db.lab:5432/reflow?user=reflow&password=Zq8-s3cret&ssl=true (refused)",
            List.of()));
    assertEquals("jdbc:h2:file:/h/reflow;AUTO_SERVER=TRUE;PASSWORD=***;USER=reflow",
        Redaction.text("jdbc:h2:file:/h/reflow;AUTO_SERVER=TRUE;PASSWORD=0123abcd;USER=reflow", List.of()));
    assertEquals("postgresql://reflow:***@db.lab/reflow", Redaction.text("postgresql://reflow:hunter22@db.lab/reflow", List.of()));
  }

  @Test
  void propertyDumpsAndJsonHaveTheirSecretValuesMasked() {
    assertEquals("{user=reflow, password=***, db.token=***}",
        Redaction.text("{user=reflow, password=pa55word, db.token=tok-123}", List.of()));
    assertEquals("{\"user\":\"reflow\",\"dbPassword\": \"***\"}",
        Redaction.text("{\"user\":\"reflow\",\"dbPassword\": \"a\\\"b c\"}", List.of()));
  }

  @Test
  void theValueOfASecretEnvironmentVariableIsMaskedWhereverItAppears() {
    List<String> secrets = Redaction.secretValues(Map.of("REFLOW_DB_PASSWORD", "Zq8-s3cret", "HOME", "/home/reflow",
        "API_TOKEN", "abc", "REFLOW_CLUSTER_TLS_PASSWORD", "tls-Zq8-s3cret-longer"));
    assertEquals(List.of("tls-Zq8-s3cret-longer", "Zq8-s3cret"), secrets, "only secret names, long enough, longest first");
    assertEquals("FATAL: role *** for *** in /home/reflow",
        Redaction.text("FATAL: role Zq8-s3cret for tls-Zq8-s3cret-longer in /home/reflow", secrets));
  }

  @Test
  void textWithoutSecretsIsUnchanged() {
    String text = "The journal secret /h/journal.secret cannot be read (AccessDeniedException); password authentication"
        + " failed for user \"reflow\"; run 20260101-120000-ab12 step=30 loss=0.25";
    assertEquals(text, Redaction.text(text, List.of()));
  }
}
