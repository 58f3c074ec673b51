package dev.persona.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {
  @Test
  void anUnreachableTemporalIsA503WhoseDetailIsOneLineWithoutAStackTrace() {
    // What the gRPC client throws when nothing listens: its Status.toString() embeds the
    // cause's stack trace, which must not reach a client.
    StatusRuntimeException refused =
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(
                new RuntimeException(
                    "annotated", new ConnectException("Connection refused: /127.0.0.1:1")))
            .asRuntimeException();
    Response r = new ProblemMappers().unexpected(new RuntimeException("wrapped", refused), null);
    assertEquals(503, r.getStatus());
    String body = (String) r.getEntity();
    assertFalse(body.contains("\\tat ") || body.contains("\\n"), body);
    assertEquals(
        "Temporal did not answer: UNAVAILABLE: io exception (Connection refused: /127.0.0.1:1)",
        body.replaceAll(".*\"detail\":\"([^\"]*)\".*", "$1"));
  }
}
