package org.reflow.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.cli.Main;
import org.reflow.experiment.ChildProcess;

/** Who the dashboard answers: loopback by default, a token everywhere else, and only the names of this machine. */
@Timeout(180)
class ServeSecurityTest {

  private static final String TOKEN = "a-token-of-thirty-two-characters";

  @TempDir Path home;

  private Config config() {
    return ConfigFactory.parseMap(Map.of("reflow.home", home.toString()));
  }

  @Test
  void aNonLoopbackBindWithoutATokenIsRefusedBeforeAnythingListens() throws Exception {
    // in a child JVM: a serve that wrongly starts would listen until killed, failing the test, not hanging it
    try (ChildProcess serve = ChildProcess.java(Main.class, List.of("serve", "--bind", "0.0.0.0", "--port", "0",
        "--home", home.toString()), true, Map.of())) {
      String refused = serve.awaitExit(2, Duration.ofMinutes(2));
      assertTrue(refused.contains("--bind 0.0.0.0 exposes the runs beyond this machine: add --token"), refused);
    }
    assertThrows(IllegalArgumentException.class, () -> ServeSettings.of("0.0.0.0", 0, "short"));
    assertTrue(ServeSettings.of("0.0.0.0", 0, "").token().orElseThrow().length() >= 32, "--token alone generates one");
    assertTrue(ServeSettings.of("127.0.0.1", 0, null).token().isEmpty());
  }

  @Test
  void withATokenEveryRequestWithoutItIsRefused() throws Exception {
    try (Dashboard dashboard = Dashboard.start(config(), ServeSettings.of("0.0.0.0", 0, TOKEN))) {
      ServeClient client = new ServeClient(dashboard);
      for (String path : new String[] {"/", "/api/runs", "/assets/app.js", "/api/runs/x/events", "/nowhere"}) {
        HttpResponse<String> anonymous = client.get(path);
        assertEquals(401, anonymous.statusCode(), path + ": " + anonymous.body());
        assertTrue(anonymous.body().contains("needs its token"), anonymous.body());
      }
      assertEquals(401, client.get("/api/runs", "Authorization", "Bearer " + TOKEN.replace('a', 'b')).statusCode());
      assertEquals(401, client.get("/api/runs", "Cookie", Access.COOKIE + "=wrong").statusCode());
      assertEquals(200, client.get("/api/runs", "Authorization", "Bearer " + TOKEN).statusCode());
      // the printed URL: the token moves from the address to an HttpOnly cookie, which then suffices
      HttpResponse<String> opened = client.get("/?access=" + TOKEN);
      assertEquals(303, opened.statusCode());
      assertEquals("/#access=" + TOKEN, opened.headers().firstValue("Location").orElseThrow(),
          "the token leaves the address for the fragment, which no request carries, where the page keeps it for actions");
      String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      assertEquals(200, client.get("/api/runs", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode());
      assertTrue(dashboard.url().toString().endsWith("/?access=" + TOKEN), dashboard.url().toString());
    }
  }

  @Test
  void onLoopbackARequestForAnotherHostNameIsRefused() throws Exception {
    try (Dashboard dashboard = Dashboard.start(config(), ServeSettings.of("127.0.0.1", 0, null))) {
      ServeClient client = new ServeClient(dashboard);
      assertEquals(200, client.get("/api/runs").statusCode());
      String rebound = client.raw("/api/runs", "attacker.example");
      assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
      assertTrue(client.raw("/api/runs", "localhost:" + dashboard.port()).startsWith("HTTP/1.1 200"));
    }
  }

  @Test
  void traversalInPathsAndArtifactIdsIsRefused() throws Exception {
    try (Dashboard dashboard = Dashboard.start(config(), ServeSettings.of("127.0.0.1", 0, null))) {
      ServeClient client = new ServeClient(dashboard);
      for (String path : new String[] {"/api/artifacts/..%2Freflow.mv.db", "/api/artifacts/ck-..%2F..%2Fx",
          "/runs/..%2F..%2Fetc/report.html", "/api/runs/..%2Freflow.mv.db/events"}) {
        HttpResponse<String> refused = client.get(path);
        assertEquals(400, refused.statusCode(), path + ": " + refused.body());
        assertTrue(refused.body().startsWith("{\"status\":400,\"error\":"), refused.body());
      }
      for (String target : new String[] {"/assets/../reflow.mv.db", "/assets/..%2F..%2Fserve%2Fruns.html",
          "/runs/x/../../reflow.mv.db", "/assets/%2e%2e/%2e%2e/etc/passwd"}) {
        String raw = client.raw(target, "127.0.0.1");
        assertTrue(raw.startsWith("HTTP/1.1 4"), target + ": " + raw);
        assertFalse(raw.contains("H2") || raw.contains("root:"), raw);
      }
    }
  }
}
