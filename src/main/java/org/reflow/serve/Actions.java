package org.reflow.serve;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.reflow.experiment.CancelRequest;
import org.reflow.experiment.RunHistory;
import org.reflow.experiment.RunLock;

/**
 * The API's actions, mirroring the CLI: {@code POST /api/runs} is {@code reflow run} of a YAML in the
 * home's experiments folder, {@code POST /api/runs/RUN/resume} is {@code reflow resume RUN}, {@code
 * POST /api/runs/RUN/cancel} is {@code reflow cancel RUN}. Each answers 202 as soon as the run's
 * process has recorded what was asked (a launch or resume) or the request is written (a cancel);
 * the run then goes on in its own process. Behind {@link Access#action}.
 */
final class Actions extends AllDirectives {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\[\\]-]{0,200}");
  private static final Set<String> LAUNCH_FIELDS = Set.of("experiment", "set");

  private final Access access;
  private final RunTable table;
  private final Path home;
  private final HomeExperiments experiments;
  private final Launcher launcher;
  private final Executor blocking;

  Actions(Access access, RunTable table, Path home, Launcher launcher, Executor blocking) {
    this.access = access;
    this.table = table;
    this.home = home;
    this.experiments = new HomeExperiments(home);
    this.launcher = launcher;
    this.blocking = blocking;
  }

  Route route() {
    return pathPrefix("api", () -> post(() -> access.action(() -> entity(Unmarshaller.entityToString(), body -> concat(
        path("runs", () -> act(() -> launch(body))),
        path(segment("runs").slash(segment()).slash("resume"), id -> act(() -> resume(id))),
        path(segment("runs").slash(segment()).slash("cancel"), id -> act(() -> cancel(id))),
        act(() -> {
          throw ApiError.notFound("no such action; see docs/serve.md: POST /api/runs, /api/runs/RUN/resume,"
              + " /api/runs/RUN/cancel");
        }))))));
  }

  /** {@code {"experiment": "NAME.yaml", "set": {"KEY.PATH": VALUE, …}}}: {@code reflow run} of that file. */
  private HttpResponse launch(String body) {
    JsonNode request = object(body);
    for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!LAUNCH_FIELDS.contains(name)) {
        throw ApiError.badRequest("unknown field '" + name + "'; a launch takes \"experiment\" (a name from GET"
            + " /api/experiments) and \"set\" (overrides, {\"KEY.PATH\": value}, as reflow run --set KEY.PATH=VALUE)");
      }
    }
    JsonNode name = request.path("experiment");
    if (!name.isTextual()) {
      throw ApiError.badRequest("a launch needs \"experiment\": the file name of a YAML in the home's experiments folder"
          + " (GET /api/experiments lists them)");
    }
    Path file = experiments.file(name.asText());
    Launcher.Started started = launcher.run(file, overrides(request.path("set")));
    return accepted(started.runId(), Map.of("output", "/api/runs/" + started.runId() + "/output",
        "log", started.output().toString()));
  }

  private static Map<String, String> overrides(JsonNode set) {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (set.isMissingNode() || set.isNull()) {
      return overrides;
    }
    if (!set.isObject()) {
      throw ApiError.badRequest("\"set\" is an object of overrides, {\"KEY.PATH\": value}, e.g. {\"defaults.train.steps\": 500}");
    }
    set.fields().forEachRemaining(e -> {
      if (!KEY.matcher(e.getKey()).matches() || !e.getValue().isValueNode() || e.getValue().isNull()) {
        throw ApiError.badRequest("override '" + e.getKey() + "': a key is a dotted path into the spec (letters, digits,"
            + " '_', '-', '.', '[]') and its value a number, a string or a boolean");
      }
      overrides.put(e.getKey(), e.getValue().asText());
    });
    return overrides;
  }

  /** {@code reflow resume RUN}: refused while it runs or once it completed. */
  private HttpResponse resume(String id) {
    RunHistory history = table.shown(id).history();
    if (history.status().equals("completed")) {
      throw new ApiError(StatusCodes.CONFLICT, "run " + id + " completed; there is nothing to resume");
    }
    if (RunLock.isHeld(home, id)) {
      throw new ApiError(StatusCodes.CONFLICT, "run " + id + " is running; cancel it first, or wait for it to end");
    }
    Launcher.Started started = launcher.resume(id);
    return accepted(id, Map.of("output", "/api/runs/" + id + "/output", "log", started.output().toString()));
  }

  /** {@code reflow cancel RUN}, without the wait: the run's process answers the request, the event stream says when. */
  private HttpResponse cancel(String id) {
    Optional<String> refusal = CancelRequest.refusal(home, id, table.shown(id).history());
    if (refusal.isPresent()) {
      throw new ApiError(StatusCodes.CONFLICT, refusal.get());
    }
    CancelRequest.request(home, id, "the dashboard (reflow serve, pid " + ProcessHandle.current().pid() + " on "
        + ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "") + ")");
    return accepted(id, Map.of("cancel", "requested"));
  }

  private static HttpResponse accepted(String runId, Map<String, String> more) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", runId);
    body.put("run", "/api/runs/" + runId);
    body.put("page", "/runs/" + runId);
    body.putAll(more);
    try {
      return HttpResponse.create().withStatus(StatusCodes.ACCEPTED).addHeader(Location.create("/api/runs/" + runId))
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Api.JSON.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON", e);
    }
  }

  private static JsonNode object(String body) {
    try {
      JsonNode node = Api.JSON.readTree(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      // refused below
    }
    throw ApiError.badRequest("the body is not a JSON object: a launch is {\"experiment\": \"NAME.yaml\", \"set\": {…}}");
  }

  /** Answers on the blocking dispatcher (a launch waits for its process's first line); a refusal becomes its JSON error. */
  private Route act(Supplier<HttpResponse> handler) {
    return completeWithFuture(CompletableFuture.supplyAsync(() -> ApiError.answer(handler), blocking));
  }
}
