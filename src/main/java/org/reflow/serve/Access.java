package org.reflow.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;

/**
 * Who may ask: with a token, every request must carry it — {@code Authorization: Bearer TOKEN}, or
 * the cookie a browser gets when it opens the URL {@code reflow serve} printed ({@code ?access=…},
 * then redirected to the same page with the token in the fragment only, where the page's script
 * keeps it for actions). On loopback without a token, only requests whose Host is this machine's
 * name are answered, so a web page elsewhere cannot read the runs by pointing a name of its own at
 * 127.0.0.1 (DNS rebinding).
 *
 * <p>Actions (launch, resume, cancel) need the token on every address, in the {@code
 * Authorization} header only (a cookie is sent by the browser on its own, a header is not), from
 * no other origin, with a JSON body: a page on another site cannot make a browser launch a run.
 */
final class Access extends AllDirectives {

  static final String COOKIE = "reflow-token";
  /** The query parameter of the printed URL (not "token=", which reflow masks in everything it prints). */
  static final String QUERY = "access";
  private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final ServeSettings settings;

  Access(ServeSettings settings) {
    this.settings = settings;
  }

  Route guard(Supplier<Route> inner) {
    return extractRequest(request -> {
      if (settings.token().isEmpty()) {
        String host = request.getUri().host().address();
        if (!LOCAL_HOSTS.contains(host)) {
          return complete(ApiError.response(StatusCodes.FORBIDDEN, "this dashboard listens on loopback and answers"
              + " requests for 127.0.0.1 or localhost only, not for '" + host + "'; open the URL 'reflow serve' printed,"
              + " or give --bind and --token to serve other names"));
        }
        return inner.get();
      }
      String token = settings.token().get();
      Optional<String> inQuery = request.getUri().query().get(QUERY);
      if (inQuery.isPresent() && matches(inQuery.get(), token)) {
        // the token leaves the query (sent with every request) at once: the browser keeps it as a cookie, and the
        // page's script takes it from the fragment (never sent) out of the address bar into the tab, for actions
        return setCookie(HttpCookie.create(COOKIE, token).withPath("/").withHttpOnly(true).withSameSite(SameSite.Strict),
            () -> redirect(withoutToken(request.getUri()).fragment(QUERY + "=" + token), StatusCodes.SEE_OTHER));
      }
      if (presented(request).filter(t -> matches(t, token)).isPresent()) {
        return inner.get();
      }
      return complete(ApiError.response(StatusCodes.UNAUTHORIZED, "this dashboard needs its token: open the URL"
          + " 'reflow serve' printed (it ends in ?access=…), or send the header 'Authorization: Bearer TOKEN'"));
    });
  }

  /** An action: the token in the Authorization header, the request from this origin, its body JSON. */
  Route action(Supplier<Route> inner) {
    return extractRequest(request -> {
      if (settings.token().isEmpty()) {
        return complete(ApiError.response(StatusCodes.FORBIDDEN, "launching, resuming and cancelling runs need a token,"
            + " on loopback too: restart with 'reflow serve --token' (one is generated) and open the URL it prints;"
            + " the pages then offer launch, resume and cancel, and scripts send 'Authorization: Bearer TOKEN'"));
      }
      Optional<String> bearer = bearer(request);
      if (bearer.isEmpty() || !matches(bearer.get(), settings.token().get())) {
        return complete(ApiError.response(StatusCodes.UNAUTHORIZED, "actions need the token in the header"
            + " 'Authorization: Bearer TOKEN' (" + (bearer.isEmpty() ? "none was sent; a cookie is not enough for an"
            + " action" : "the one sent is wrong") + ")"));
      }
      Optional<String> origin = request.getHeader("Origin").map(HttpHeader::value);
      String self = "http://" + request.getHeader("Host").map(HttpHeader::value).orElse("");
      if (origin.isPresent() && !origin.get().equals(self)) {
        return complete(ApiError.response(StatusCodes.FORBIDDEN, "an action from another origin (" + origin.get()
            + ") is refused: only the dashboard's own pages (" + self + ") and scripts without an Origin may act"));
      }
      if (!request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
        return complete(ApiError.response(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "an action's body is JSON: send it with"
            + " 'Content-Type: application/json' (an empty object {} where the action takes nothing)"));
      }
      return inner.get();
    });
  }

  @SuppressWarnings("unchecked")
  private static Uri withoutToken(Uri uri) {
    List<Pair<String, String>> rest = uri.query().toList().stream().filter(p -> !p.first().equals(QUERY)).toList();
    return Uri.create(uri.path()).query(Query.create(rest.toArray(new Pair[0])));
  }

  private static Optional<String> bearer(HttpRequest request) {
    return request.getHeader(Authorization.class)
        .map(a -> a.value()).filter(v -> v.startsWith("Bearer ")).map(v -> v.substring("Bearer ".length()).trim());
  }

  private static Optional<String> presented(HttpRequest request) {
    Optional<String> bearer = bearer(request);
    if (bearer.isPresent()) {
      return bearer;
    }
    for (HttpHeader header : request.getHeaders()) {
      if (header instanceof Cookie c) {
        for (HttpCookiePair pair : c.getCookies()) {
          if (pair.name().equals(COOKIE)) {
            return Optional.of(pair.value());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Compares in time independent of where the strings differ. */
  private static boolean matches(String given, String token) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }
}
