package org.reflow.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.reflow.lineage.LineageQuery;

/**
 * A request the dashboard refuses, with its HTTP status and what to do: every refusal is a JSON
 * object {@code {"status": 404, "error": "…"}}, never a stack trace.
 */
final class ApiError extends RuntimeException {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StatusCode status;

  ApiError(StatusCode status, String message) {
    super(message);
    this.status = status;
  }

  static ApiError badRequest(String message) {
    return new ApiError(StatusCodes.BAD_REQUEST, message);
  }

  static ApiError notFound(String message) {
    return new ApiError(StatusCodes.NOT_FOUND, message);
  }

  /** The handler's answer, or its refusal as JSON: an {@link ApiError}, a bad argument (400), an unknown id (404), a fault (500). */
  static HttpResponse answer(Supplier<HttpResponse> handler) {
    try {
      return handler.get();
    } catch (ApiError e) {
      return e.response();
    } catch (LineageQuery.UnknownId e) {
      return response(StatusCodes.NOT_FOUND, e.getMessage());
    } catch (IllegalArgumentException e) {
      return response(StatusCodes.BAD_REQUEST, e.getMessage());
    } catch (RuntimeException e) {
      return response(StatusCodes.INTERNAL_SERVER_ERROR, "the dashboard could not answer: " + e.getMessage());
    }
  }

  HttpResponse response() {
    return response(status, getMessage());
  }

  static HttpResponse response(StatusCode status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.intValue());
    body.put("error", message);
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error as JSON", e);
    }
  }
}
