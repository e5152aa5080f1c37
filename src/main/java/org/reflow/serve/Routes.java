package org.reflow.serve;

import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The whole route: hardening headers on every answer, refusals as JSON (a wrong method, an unknown
 * path, a bad id), {@link Access} before anything is read, then the API, its actions and the pages.
 */
final class Routes extends AllDirectives {

  private static final List<HttpHeader> HARDENING = List.of(
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:;"
          + " style-src 'self' 'unsafe-inline'; frame-ancestors 'self'"));

  Route all(Access access, Api api, Actions actions, Pages pages) {
    ExceptionHandler errors = ExceptionHandler.newBuilder()
        .match(ApiError.class, e -> complete(e.response()))
        .match(IllegalArgumentException.class, e -> complete(ApiError.response(StatusCodes.BAD_REQUEST, e.getMessage())))
        .build();
    RejectionHandler rejections = RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
        return response;
      }
      String text = response.entity() instanceof HttpEntity.Strict s
          ? s.getData().utf8String() : response.status().reason();
      return ApiError.response(response.status(), text);
    });
    return respondWithHeaders(HARDENING, () -> handleRejections(rejections, () -> handleExceptions(errors,
        () -> access.guard(() -> concat(api.route(), actions.route(), pages.route(),
            get(() -> complete(ApiError.response(StatusCodes.NOT_FOUND, "no such page: the dashboard has /, /runs/RUN,"
                + " /compare, /lineage and the API under /api (docs/serve.md)"))),
            complete(ApiError.response(StatusCodes.METHOD_NOT_ALLOWED, "the dashboard answers GET, and POST for its"
                + " actions under /api (launch, resume, cancel: docs/serve.md)")))))));
  }

}
