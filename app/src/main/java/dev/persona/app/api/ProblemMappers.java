package dev.persona.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.app.jobs.JobNotFoundException;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.app.stack.StackStartException;
import dev.persona.core.InvalidInputException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the API answers, as RFC 9457 problem details: bad input by its {@link
 * InvalidInputException.Reason} (WRONG_FORMAT 415, TOO_LARGE 413, MALFORMED 400, the others 422),
 * unknown jobs 404, no reachable Temporal or Kafka 503, the API's own refusals ({@link ApiProblem})
 * with their status, JAX-RS errors (unknown path, wrong method or media type) with theirs. Anything
 * else is a 500 whose detail names a log id; the stack trace goes to the log, never the response.
 */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @ServerExceptionMapper
  public Response invalidInput(InvalidInputException e, UriInfo uri) {
    int status =
        switch (e.reason()) {
          case WRONG_FORMAT -> 415;
          case TOO_LARGE -> 413;
          case MALFORMED -> 400;
          default -> 422;
        };
    String kind = e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
    return problem(
        status, kind, "Invalid input: " + kind.replace('-', ' '), e.getMessage(), uri, e.reason());
  }

  @ServerExceptionMapper
  public Response jobNotFound(JobNotFoundException e, UriInfo uri) {
    return problem(404, "job-not-found", "No such job", e.getMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response apiProblem(ApiProblem e, UriInfo uri) {
    return problem(e.status(), e.kind(), e.title(), e.getMessage(), uri, null);
  }

  @ServerExceptionMapper({PersonaRuntime.NoStackException.class, StackStartException.class})
  public Response noStack(RuntimeException e, UriInfo uri) {
    return unavailable(e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response badJson(JsonProcessingException e, UriInfo uri) {
    return problem(400, "malformed-json", "Malformed JSON", e.getOriginalMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri) {
    // Quarkus REST reports an unreadable JSON body as a 400 caused by Jackson's exception.
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException json) {
        return badJson(json, uri);
      }
    }
    Response.StatusType status = e.getResponse().getStatusInfo();
    String kind = status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return problem(
        status.getStatusCode(), kind, status.getReasonPhrase(), e.getMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e, UriInfo uri) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && (s.getStatus().getCode() == Status.Code.UNAVAILABLE
              || s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
        return unavailable("Temporal did not answer: " + describe(s.getStatus()), uri);
      }
      if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return unavailable("Kafka did not answer: " + t.getMessage(), uri);
      }
    }
    String id = UUID.randomUUID().toString();
    LOG.errorf(e, "request %s failed (error id %s)", uri.getPath(), id);
    return problem(
        500,
        "internal-error",
        "Internal error",
        "the request failed unexpectedly; the server log has the cause under error id " + id,
        uri,
        null);
  }

  /**
   * A gRPC status in one line: its code, description and the root cause's message. {@code
   * Status.toString()} would carry the cause's stack trace into the response.
   */
  static String describe(Status status) {
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    Throwable root = status.getCause();
    while (root != null && root.getCause() != null) {
      root = root.getCause();
    }
    if (root != null && root.getMessage() != null) {
      text.append(" (").append(root.getMessage().lines().findFirst().orElse("")).append(')');
    }
    return text.toString();
  }

  private static Response unavailable(String detail, UriInfo uri) {
    return problem(503, "stack-unavailable", "Temporal or Kafka unavailable", detail, uri, null);
  }

  static Response problem(
      int status,
      String kind,
      String title,
      String detail,
      UriInfo uri,
      InvalidInputException.Reason reason) {
    Problem body =
        new Problem(
            Problem.TYPE_BASE + kind,
            title,
            status,
            detail,
            uri == null ? null : uri.getPath(),
            reason == null ? null : reason.name());
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem record always serialises", e);
    }
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(json).build();
  }
}
