package org.reflow.serve;

import static org.apache.pekko.http.javadsl.server.PathMatchers.remaining;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.util.ByteString;
import org.reflow.experiment.Journal;
import org.reflow.home.Forgotten;
import org.reflow.lineage.LineageQuery;
import org.reflow.lineage.OpenLineageEvents;
import org.reflow.report.RunDocuments;
import org.reflow.report.RunReport;

/**
 * The JSON API under {@code /api}: the CLI's documents ({@code runs --json}, {@code show --json},
 * {@code lineage --format json|openlineage}), what the pages draw, artifacts by id, and a run's
 * events as Server-Sent Events. Journal reads run on the blocking dispatcher; every refusal is
 * an {@link ApiError}.
 */
final class Api extends AllDirectives {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper EVENTS = new ObjectMapper().registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final ContentType NDJSON = ContentTypes.create(MediaTypes.applicationWithFixedCharset("x-ndjson",
      org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8));
  private static final List<String> PAGE = List.of("offset", "limit", "q", "status", "sort", "order");
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final Journal journal;
  private final RunTable table;
  private final Path home;
  private final Executor blocking;

  Api(Journal journal, RunTable table, Path home, Executor blocking) {
    this.journal = journal;
    this.table = table;
    this.home = home;
    this.blocking = blocking;
  }

  Route route() {
    return pathPrefix("api", () -> get(() -> parameterMap(params -> concat(
        path("runs", () -> answer(params, List.of(), () -> json(table.rows()))),
        path(segment("runs").slash("page"), () -> answer(params, PAGE, () -> page(params))),
        path(segment("runs").slash(segment()), id -> answer(params, List.of(), () -> json(RunDocuments.show(run(id).history())))),
        path(segment("runs").slash(segment()).slash("loss"), id -> answer(params, List.of("points"), () ->
            json(RunViews.loss(run(id), Params.integer(params, "points", 1_000, 1, 100_000))))),
        path(segment("runs").slash(segment()).slash("metrics"), id -> answer(params, List.of(), () -> json(RunViews.metrics(run(id).history())))),
        path(segment("runs").slash(segment()).slash("spec"), id -> answer(params, List.of(), () -> json(RunViews.spec(run(id).history().run().orElseThrow())))),
        path(segment("runs").slash(segment()).slash("lineage.svg"), id -> answer(params, List.of(), () -> HttpResponse.create()
            .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.IMAGE_SVG_XML),
                RunViews.lineageSvg(run(id).history()).getBytes(StandardCharsets.UTF_8))))),
        path(segment("runs").slash(segment()).slash("report"), id -> answer(params, List.of(), () -> {
          run(id);
          boolean exists = Files.isRegularFile(RunReport.defaultPath(home, id));
          return json(Map.of("exists", exists, "url", "/runs/" + id + "/report.html"));
        })),
        path(segment("runs").slash(segment()).slash("output"), id -> answer(params, List.of(), () -> output(id))),
        path("experiments", () -> answer(params, List.of(), () -> json(Map.of("folder", home.resolve(HomeExperiments.FOLDER)
            .toString(), "experiments", new HomeExperiments(home).names())))),
        path(segment("runs").slash(segment()).slash("events"), id ->
            optionalHeaderValueByName("Last-Event-ID", last -> answer(params, List.of("after"), () -> events(id, last, params)))),
        path(segment("lineage").slash(remaining()), id -> answer(params, List.of("descendants", "format"),
            () -> lineage(URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8), params))),
        path(segment("artifacts").slash(segment()), id -> answer(params, List.of(), () -> Artifacts.download(journal, table, home, id))),
        answer(params, List.copyOf(params.keySet()), () -> {
          throw ApiError.notFound("no such API path; see docs/serve.md: /api/runs, /api/runs/page, /api/runs/RUN,"
              + " /api/runs/RUN/{loss,metrics,spec,report,lineage.svg,events,output}, /api/lineage/ID, /api/artifacts/ID,"
              + " /api/experiments");
        })))));
  }

  /** What the processes the dashboard started for the run printed ({@code logs/RUN.out}). */
  private HttpResponse output(String id) {
    run(id);
    Path file = Launcher.output(home, id);
    if (!Files.isRegularFile(file)) {
      throw ApiError.notFound("run '" + id + "' has no output here: only runs launched or resumed from the dashboard"
          + " write logs/" + id + ".out (the log of every run is logs/" + id + ".log)");
    }
    try { // read whole: the file grows while the run goes on, and a streamed file's length is fixed when it starts
      return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The table's page: offset, limit (1–500), q, status, sort, order. */
  private HttpResponse page(Map<String, String> params) {
    int offset = Params.integer(params, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Params.integer(params, "limit", 50, 1, 500);
    String status = Params.choice(params, "status", "", List.of("", "completed", "failed", "cancelled", "incomplete"));
    String sort = Params.choice(params, "sort", "started", RunTable.SORT_KEYS);
    String order = Params.choice(params, "order", "desc", List.of("asc", "desc"));
    return json(table.page(params.getOrDefault("q", ""), status, sort, order.equals("desc"), offset, limit));
  }

  private HttpResponse lineage(String id, Map<String, String> params) {
    boolean descendants = Params.choice(params, "descendants", "false", List.of("true", "false")).equals("true");
    String format = Params.choice(params, "format", "json", List.of("json", "openlineage"));
    LineageIds.check(id);
    if (id.contains("/") && table.forgotten(id.substring(0, id.indexOf('/')))) {
      throw ApiError.notFound(Forgotten.message(home, id.substring(0, id.indexOf('/'))));
    }
    LineageQuery.Answer answer = LineageQuery.ask(journal, home, id, descendants);
    if (format.equals("json")) {
      return json(answer.lineage());
    }
    StringBuilder lines = new StringBuilder();
    for (Map<String, Object> event : OpenLineageEvents.of(answer.runs(), answer.lineage(), "reflow://" + home)) {
      lines.append(write(event)).append('\n');
    }
    return HttpResponse.create().withEntity(HttpEntities.create(NDJSON, lines.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The run's events from the one after {@code Last-Event-ID} (a reconnecting browser sends it),
   * else after {@code ?after=N}, else from the first; then each new one as the journal gets it.
   */
  private HttpResponse events(String id, Optional<String> lastEventId, Map<String, String> params) {
    long after = lastEventId.isPresent()
        ? Params.integer(Map.of("Last-Event-ID", lastEventId.get()), "Last-Event-ID", 0, 0, Integer.MAX_VALUE)
        : Params.integer(params, "after", 0, 0, Integer.MAX_VALUE);
    run(id);
    var stream = journal.live(id, after).map(Api::sse)
        .keepAlive(HEARTBEAT, () -> ByteString.fromString(":\n\n"));
    return HttpResponse.create().addHeader(RawHeader.create("Cache-Control", "no-cache"))
        .withEntity(HttpEntities.create(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), stream));
  }

  private static ByteString sse(EventEnvelope e) {
    String type = e.event().getClass().getSimpleName();
    String data = write(Map.of("type", type, "sequenceNr", e.sequenceNr(), "event", e.event()), EVENTS);
    return ByteString.fromString("id: " + e.sequenceNr() + "\nevent: " + type + "\ndata: " + data + "\n\n");
  }

  private RunTable.Seen run(String id) {
    return table.shown(id);
  }

  private static HttpResponse json(Object body) {
    return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, write(body)));
  }

  /** Answers on the blocking dispatcher, after refusing parameters not in {@code known}; a refusal becomes its JSON error. */
  private Route answer(Map<String, String> params, List<String> known, Supplier<HttpResponse> handler) {
    return completeWithFuture(CompletableFuture.supplyAsync(() -> ApiError.answer(() -> {
      Params.known(params, known);
      return handler.get();
    }), blocking));
  }

  private static String write(Object body) {
    return write(body, JSON);
  }

  private static String write(Object body, ObjectMapper mapper) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON: " + e.getMessage(), e);
    }
  }
}
