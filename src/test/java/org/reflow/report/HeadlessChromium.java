package org.reflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Opens a page in Debian's headless Chromium and reports what a person would see go wrong: the
 * browser runs as a child process and is driven over the DevTools protocol (a WebSocket on a
 * loopback port the browser picks), which reports uncaught exceptions, console.error calls and
 * the browser's own error log entries (a resource that failed to load). After the load event it
 * reads the ids of the page's elements and whether each image decoded.
 */
public final class HeadlessChromium {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** What loading the page showed. */
  record PageLoad(List<String> errors, List<String> elementIds, int images, int imagesDecoded) {}

  private HeadlessChromium() {}

  /** The chromium executable, or a failure saying how to install it. */
  static Path executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "chromium");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("chromium is not on PATH: the report's browser test needs Debian's chromium package."
        + " .ci/run installs it; to run the tests by hand, install it first: sudo apt-get install chromium");
  }

  static PageLoad load(Path page) throws Exception {
    Path profile = Files.createTempDirectory("reflow-chromium-");
    Process browser = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("browser.log").toFile()).start();
    try {
      int port = devToolsPort(profile, browser);
      HttpClient http = HttpClient.newHttpClient();
      // a tab of our own: the start-up tab may still be settling when the port opens
      JsonNode tab = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
          .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body());
      String socket = tab.path("webSocketDebuggerUrl").asText();
      if (socket.isEmpty()) {
        throw new AssertionError("chromium opened no tab to drive: " + tab);
      }
      Messages messages = new Messages();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(socket), messages).get(30, TimeUnit.SECONDS);
      List<String> errors = new ArrayList<>();
      // one command at a time, each answered before the next: Page.enable must be in force before the
      // navigation starts, or a fast page's load event is never reported
      command(ws, messages, errors, 1, "Runtime.enable", null);
      command(ws, messages, errors, 2, "Log.enable", null);
      command(ws, messages, errors, 3, "Page.enable", null);
      command(ws, messages, errors, 4, "Page.navigate", JSON.createObjectNode().put("url", page.toUri().toString()));
      messages.await(m -> m.path("method").asText().equals("Page.loadEventFired"), errors);
      ObjectNode evaluate = JSON.createObjectNode().put("returnByValue", true).put("expression",
          "JSON.stringify({ids: [...document.querySelectorAll('[id]')].map(e => e.id),"
              + " images: document.images.length,"
              + " decoded: [...document.images].filter(i => i.complete && i.naturalWidth > 0).length})");
      JsonNode result = command(ws, messages, errors, 5, "Runtime.evaluate", evaluate);
      JsonNode value = JSON.readTree(result.at("/result/result/value").asText());
      send(ws, 6, "Browser.close", null);
      List<String> ids = new ArrayList<>();
      value.get("ids").forEach(id -> ids.add(id.asText()));
      return new PageLoad(errors, ids, value.get("images").asInt(), value.get("decoded").asInt());
    } finally {
      browser.descendants().forEach(ProcessHandle::destroyForcibly);
      browser.destroyForcibly();
      browser.waitFor(30, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A page kept open in headless Chromium, for pages that change after they load (a live
   * dashboard): evaluate expressions in it, take screenshots, and read the errors seen so far.
   */
  public static final class Tab implements AutoCloseable {

    private final Process browser;
    private final Path profile;
    private final WebSocket ws;
    private final Messages messages;
    private final List<String> errors = new ArrayList<>();
    private int next = 10;

    private Tab(Process browser, Path profile, WebSocket ws, Messages messages) {
      this.browser = browser;
      this.profile = profile;
      this.ws = ws;
      this.messages = messages;
    }

    /** Opens {@code url} in a fresh browser (a 1280-pixel-wide window) and waits for its load event. */
    public static Tab open(URI url) throws Exception {
      Path profile = Files.createTempDirectory("reflow-chromium-");
      Process browser = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--no-first-run", "--window-size=1280,1400", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
          .redirectErrorStream(true).redirectOutput(profile.resolve("browser.log").toFile()).start();
      try {
        int port = devToolsPort(profile, browser);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode tab = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
            .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body());
        Messages messages = new Messages();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(tab.path("webSocketDebuggerUrl").asText()), messages)
            .get(30, TimeUnit.SECONDS);
        Tab opened = new Tab(browser, profile, ws, messages);
        opened.call("Runtime.enable", null);
        opened.call("Log.enable", null);
        opened.call("Page.enable", null);
        opened.call("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
        messages.await(m -> m.path("method").asText().equals("Page.loadEventFired"), opened.errors);
        return opened;
      } catch (Exception | AssertionError e) {
        browser.descendants().forEach(ProcessHandle::destroyForcibly);
        browser.destroyForcibly();
        throw e;
      }
    }

    /** The value of a JavaScript expression in the page (a promise is awaited). */
    public JsonNode evaluate(String expression) throws Exception {
      JsonNode reply = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
          .put("returnByValue", true).put("awaitPromise", true));
      if (reply.at("/result/exceptionDetails").isObject()) {
        throw new AssertionError("the page threw evaluating " + expression + ": " + reply.at("/result/exceptionDetails"));
      }
      return reply.at("/result/result/value");
    }

    /** Saves what the page shows, all of it (beyond the window), as a PNG. */
    public void screenshot(Path png) throws Exception {
      JsonNode reply = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
          .put("captureBeyondViewport", true));
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, java.util.Base64.getDecoder().decode(reply.at("/result/data").asText()));
    }

    /** Uncaught exceptions, console errors and failed loads reported since the page opened. */
    public List<String> errors() throws Exception {
      evaluate("0"); // a round trip: what the page reported before it has arrived
      return List.copyOf(errors);
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
      return command(ws, messages, errors, next++, method, params);
    }

    @Override
    public void close() throws Exception {
      try {
        send(ws, next++, "Browser.close", null);
      } catch (Exception e) {
        // the browser is killed below anyway
      }
      browser.descendants().forEach(ProcessHandle::destroyForcibly);
      browser.destroyForcibly();
      browser.waitFor(30, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The port the browser listens on, from the DevToolsActivePort file it writes into its profile. */
  private static int devToolsPort(Path profile, Process browser) throws Exception {
    Path file = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).trim());
        }
      }
      if (!browser.isAlive()) {
        throw new AssertionError("chromium exited with " + browser.exitValue() + " before listening: "
            + Files.readString(profile.resolve("browser.log")));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("chromium did not open its DevTools port within " + TIMEOUT);
  }

  /** Sends a command and waits for its reply, noting error reports that arrive meanwhile. */
  private static JsonNode command(WebSocket ws, Messages messages, List<String> errors, int id, String method,
      ObjectNode params) throws Exception {
    send(ws, id, method, params);
    return messages.await(m -> m.path("id").asInt() == id, errors);
  }

  private static void send(WebSocket ws, int id, String method, ObjectNode params) throws Exception {
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    ws.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
  }

  /** Protocol messages as they arrive, joined from their frames. */
  private static final class Messages implements WebSocket.Listener {

    private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          queue.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          throw new IllegalStateException("chromium sent a message that is not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    /** Messages taken from the queue that no wait has matched yet: an event may come before the reply it follows. */
    private final List<JsonNode> unmatched = new ArrayList<>();

    /**
     * The first message, earlier or to come, that matches; every error report seen on the way is
     * noted. A protocol error reply fails at once.
     */
    JsonNode await(java.util.function.Predicate<JsonNode> wanted, List<String> errors) throws Exception {
      for (JsonNode m : unmatched) {
        if (wanted.test(m)) {
          unmatched.remove(m);
          return m;
        }
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        JsonNode m = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (m == null) {
          throw new AssertionError("chromium did not answer within " + TIMEOUT + "; errors so far: " + errors);
        }
        if (m.has("error")) {
          throw new AssertionError("chromium refused a DevTools command: " + m);
        }
        noteError(m, errors);
        if (wanted.test(m)) {
          return m;
        }
        unmatched.add(m);
      }
    }

    private static void noteError(JsonNode m, List<String> errors) {
      JsonNode p = m.path("params");
      switch (m.path("method").asText()) {
        case "Runtime.exceptionThrown" -> errors.add("uncaught: " + p.at("/exceptionDetails/exception/description").asText(
            p.at("/exceptionDetails/text").asText()));
        case "Runtime.consoleAPICalled" -> {
          if (p.path("type").asText().equals("error") || p.path("type").asText().equals("assert")) {
            errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          if (p.at("/entry/level").asText().equals("error")) {
            errors.add("log: " + p.at("/entry/text").asText() + " " + p.at("/entry/url").asText());
          }
        }
        default -> { }
      }
    }
  }
}
