package org.reflow.serve;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.reflow.report.RunReport;
import org.reflow.store.HomeNames;

/**
 * The four pages (runs, a run, compare, lineage) in one frame, their script and style, uPlot from its WebJar,
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
  /** Each page: {@code serve/page.html} (head and navigation, written once) around the page's own {@code <main>}. */
  private final Map<String, byte[]> pages = new HashMap<>();

  Pages(Path home) {
    this.home = home;
    String frame = resource("serve/page.html");
    for (String page : List.of("runs", "run", "compare", "lineage")) {
      pages.put(page, frame.replace("{{title}}", page).replace("{{page}}", page)
          .replace("{{main}}", resource("serve/" + page + ".html").strip()).getBytes(StandardCharsets.UTF_8));
    }
  }

  Route route() {
    return get(() -> concat(
        pathEndOrSingleSlash(() -> page("runs")),
        path("compare", () -> page("compare")),
        path("lineage", () -> page("lineage")),
        path(segment("runs").slash(segment()), id -> {
          checkRunId(id);
          return page("run");
        }),
        path(segment("runs").slash(segment()).slash("report.html"), id -> {
          Path report = RunReport.defaultPath(home, checkRunId(id));
          if (!Files.isRegularFile(report)) {
            return complete(ApiError.response(StatusCodes.NOT_FOUND, "run '" + id + "' has no report yet: 'reflow report "
                + id + "' writes one"));
          }
          return complete(HttpResponse.create()
              .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, report)));
        }),
        path(segment("assets").slash(segment()), name -> ASSETS.containsKey(name)
            ? getFromResource(ASSETS.get(name))
            : complete(ApiError.response(StatusCodes.NOT_FOUND, "no asset '" + name + "'")))));
  }

  private Route page(String name) {
    return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, pages.get(name))));
  }

  private static String resource(String name) {
    try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + name + "; rebuild reflow");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the jar", e);
    }
  }

  private static String checkRunId(String id) {
    try {
      return HomeNames.runId(id);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }
}
