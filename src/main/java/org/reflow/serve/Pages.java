package org.reflow.serve;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.reflow.report.RunReport;
import org.reflow.store.HomeNames;

/**
 * The four pages (runs, a run, compare, lineage), their script and style, uPlot from its WebJar,
 * and a run's {@code report.html} when {@code reflow report} wrote one. Every file served is named
 * here or is a report at the path {@link RunReport#defaultPath} gives a checked run id.
 */
final class Pages extends AllDirectives {

  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final Map<String, String> ASSETS = Map.of(
      "app.js", "serve/app.js",
      "app.css", "serve/app.css",
      "uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
      "uPlot.min.css", UPLOT + "uPlot.min.css");

  private final Path home;

  Pages(Path home) {
    this.home = home;
  }

  Route route() {
    return get(() -> concat(
        pathEndOrSingleSlash(() -> getFromResource("serve/runs.html", ContentTypes.TEXT_HTML_UTF8)),
        path("compare", () -> getFromResource("serve/compare.html", ContentTypes.TEXT_HTML_UTF8)),
        path("lineage", () -> getFromResource("serve/lineage.html", ContentTypes.TEXT_HTML_UTF8)),
        path(segment("runs").slash(segment()), id -> {
          checkRunId(id);
          return getFromResource("serve/run.html", ContentTypes.TEXT_HTML_UTF8);
        }),
        path(segment("runs").slash(segment()).slash("report.html"), id -> {
          Path report = RunReport.defaultPath(home, checkRunId(id));
          if (!Files.isRegularFile(report)) {
            return complete(ApiError.response(StatusCodes.NOT_FOUND, "run '" + id + "' has no report yet: 'reflow report "
                + id + "' writes one"));
          }
          return complete(org.apache.pekko.http.javadsl.model.HttpResponse.create()
              .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, report)));
        }),
        path(segment("assets").slash(segment()), name -> ASSETS.containsKey(name)
            ? getFromResource(ASSETS.get(name))
            : complete(ApiError.response(StatusCodes.NOT_FOUND, "no asset '" + name + "'")))));
  }

  private static String checkRunId(String id) {
    try {
      return HomeNames.runId(id);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }
}
