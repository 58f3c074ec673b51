package dev.persona.app.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The REST API on the real stack ({@link EmbeddedStackResource}): one job end to end through the
 * API (upload, status until completed, its server-sent events checked for order, gaps and schema,
 * an artifact's sha256), a batch of two, and the refusals as problem details.
 */
@QuarkusTest
@WithTestResource(EmbeddedStackResource.class)
class AvatarApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** docs/events/, from the app module's folder (Surefire's working directory). */
  private static final Path SCHEMAS = Path.of("..", "docs", "events");

  /** The end-to-end test's small options (OnboardingEndToEndTest.SMALL), as form fields. */
  private static final Map<String, String> SMALL =
      Map.of(
          "preset", "test",
          "iterations", "30",
          "resolution", "48",
          "motions", "walk",
          "frames", "4",
          "size", "128");

  private static final String SMALL_JSON =
      "{\"preset\":\"test\",\"iterations\":30,\"resolution\":48,\"motions\":[\"walk\"],"
          + "\"frames\":4,\"size\":128}";

  static Path photo() {
    return Path.of(ConfigProvider.getConfig().getValue("persona-test.photo", String.class));
  }

  record SseEvent(String id, String event, JsonNode data) {}

  /** Parses a text/event-stream body: blocks separated by blank lines, "field: value" lines. */
  static List<SseEvent> parse(String body) throws Exception {
    List<SseEvent> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      String id = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
      if (id != null) {
        events.add(new SseEvent(id, event, JSON.readTree(data.toString())));
      }
    }
    return events;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static void assertProblem(Response r, int status, String kind) throws Exception {
    assertEquals(status, r.statusCode(), r.asString());
    assertTrue(r.contentType().startsWith(Problem.MEDIA_TYPE), r.contentType());
    JsonNode p = JSON.readTree(r.asString());
    assertEquals(Problem.TYPE_BASE + kind, p.get("type").asText(), p.toString());
    assertEquals(status, p.get("status").asInt());
    assertFalse(p.get("title").asText().isEmpty());
    assertTrue(p.has("detail") && p.has("instance"), p.toString());
    assertFalse(r.asString().contains("\tat "), "no stack trace in a response");
  }

  @Test
  void aJobRunsEndToEndThroughTheApiAndItsEventsArriveInOrderWithoutGaps() throws Exception {
    Response submitted =
        given()
            .multiPart("photo", photo().toFile(), "image/png")
            .multiPart("jobId", "api-e2e")
            .formParams(SMALL)
            .header("Persona-Tenant", "acme")
            .post("/v1/avatars");
    assertEquals(202, submitted.statusCode(), submitted.asString());
    String runId = submitted.jsonPath().getString("runId");
    assertEquals("acme", submitted.jsonPath().getString("tenant"));
    assertEquals(
        "/v1/avatars/api-e2e", submitted.header("Location").replaceFirst("^https?://[^/]+", ""));

    // The same job id again, as JSON naming the stored photo by its hash: the same job (200).
    String photoSha = sha256(Files.readAllBytes(photo()));
    Response again =
        given()
            .contentType("application/json")
            .header("Persona-Tenant", "acme")
            .body(
                "{\"jobId\":\"api-e2e\",\"photo\":\"sha256:"
                    + photoSha
                    + "\",\"options\":"
                    + SMALL_JSON
                    + "}")
            .post("/v1/avatars");
    assertEquals(200, again.statusCode(), again.asString());
    assertEquals(runId, again.jsonPath().getString("runId"));

    // Another tenant does not see acme's job.
    assertProblem(given().get("/v1/avatars/api-e2e"), 404, "job-not-found");

    String state = "running";
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (state.equals("running") && System.nanoTime() < deadline) {
      Thread.sleep(500);
      Response status = given().header("Persona-Tenant", "acme").get("/v1/avatars/api-e2e");
      assertEquals(200, status.statusCode(), status.asString());
      state = status.jsonPath().getString("state");
    }
    assertEquals("completed", state);
    Response done = given().header("Persona-Tenant", "acme").get("/v1/avatars/api-e2e");
    assertEquals(
        List.of("fit", "synthesize", "train", "publish"),
        done.jsonPath().getList("completedStages"));

    Response stream =
        given()
            .header("Persona-Tenant", "acme")
            .accept("text/event-stream")
            .get("/v1/avatars/api-e2e/events");
    assertEquals(200, stream.statusCode(), stream.asString());
    assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
    List<SseEvent> events = parse(stream.asString());
    JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    for (SseEvent e : events) {
      assertEquals(e.id(), e.data().get("id").asText());
      assertEquals(e.event(), e.data().get("type").asText());
      assertTrue(e.id().startsWith("avatar/acme/api-e2e/" + runId + "/"), e.id());
      JsonSchema schema =
          schemas.getSchema(Files.readString(SCHEMAS.resolve(e.event() + ".schema.json")));
      Set<ValidationMessage> errors = schema.validate(e.data());
      assertTrue(errors.isEmpty(), e.event() + ": " + errors);
    }
    assertEquals(events.size(), events.stream().map(SseEvent::id).distinct().count());
    // job.accepted; per stage started, its own progress/checkpoints, completed; job.completed.
    assertEquals("dev.persona.job.accepted", events.get(0).event());
    int i = 1;
    for (String stage : List.of("fit", "synthesize", "train", "publish")) {
      assertEquals("dev.persona.stage.started", events.get(i).event(), events.get(i).id());
      assertEquals(stage, events.get(i).data().get("data").get("stage").asText());
      i++;
      while (!events.get(i).event().equals("dev.persona.stage.completed")) {
        assertEquals(stage, events.get(i).data().get("data").get("stage").asText());
        assertTrue(
            Set.of("dev.persona.stage.progress", "dev.persona.stage.checkpoint-saved")
                .contains(events.get(i).event()),
            events.get(i).id());
        i++;
      }
      assertEquals(stage, events.get(i).data().get("data").get("stage").asText());
      i++;
    }
    assertEquals("dev.persona.job.completed", events.get(i).event());
    assertEquals(events.size(), i + 1, "the stream ends after the terminal event");

    // Reconnecting with Last-Event-ID continues after that event, no gap, no repeat.
    List<SseEvent> rest =
        parse(
            given()
                .header("Persona-Tenant", "acme")
                .header("Last-Event-ID", events.get(2).id())
                .accept("text/event-stream")
                .get("/v1/avatars/api-e2e/events")
                .asString());
    assertEquals(
        events.subList(3, events.size()).stream().map(SseEvent::id).toList(),
        rest.stream().map(SseEvent::id).toList());

    // The result folder (zip) as the job.completed event names it; its ETag is its sha256.
    JsonNode resultRef = events.get(i).data().get("data").get("artifacts").get("result");
    Response result =
        given().header("Persona-Tenant", "acme").get("/v1/avatars/api-e2e/artifacts/result");
    assertEquals(200, result.statusCode());
    assertEquals("application/zip", result.contentType());
    byte[] zip = result.asByteArray();
    assertEquals(resultRef.get("size").asLong(), zip.length);
    assertEquals(resultRef.get("sha256").asText(), sha256(zip));
    assertEquals("\"" + sha256(zip) + "\"", result.header("ETag"));
    // A file inside the result folder.
    Response splat =
        given().header("Persona-Tenant", "acme").get("/v1/avatars/api-e2e/artifacts/avatar.splat");
    assertEquals(200, splat.statusCode());
    byte[] splatBytes = splat.asByteArray();
    assertTrue(splatBytes.length > 0);
    assertEquals("\"" + sha256(splatBytes) + "\"", splat.header("ETag"));
    assertProblem(
        given().header("Persona-Tenant", "acme").get("/v1/avatars/api-e2e/artifacts/nothing.bin"),
        404,
        "artifact-not-found");

    // A batch of two jobs on the same photo and options: every stage from the stage cache.
    Response batch =
        given()
            .contentType("application/json")
            .header("Persona-Tenant", "acme")
            .body(
                "{\"batchId\":\"api-batch\",\"concurrency\":2,\"options\":"
                    + SMALL_JSON
                    + ",\"items\":[{\"jobId\":\"b-1\",\"photo\":\"sha256:"
                    + photoSha
                    + "\"},{\"jobId\":\"b-2\",\"photo\":\""
                    + submitted.jsonPath().getString("photo.uri")
                    + "\"}]}")
            .post("/v1/batches");
    assertEquals(202, batch.statusCode(), batch.asString());
    int completed = 0;
    deadline = System.nanoTime() + 120_000_000_000L;
    while (completed < 2 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      Response progress = given().header("Persona-Tenant", "acme").get("/v1/batches/api-batch");
      assertEquals(200, progress.statusCode(), progress.asString());
      assertEquals(2, progress.jsonPath().getInt("total"));
      assertEquals(0, progress.jsonPath().getInt("failed"), progress.asString());
      completed = progress.jsonPath().getInt("completed");
    }
    assertEquals(2, completed);
    Response b1 = given().header("Persona-Tenant", "acme").get("/v1/avatars/b-1");
    assertEquals(
        List.of("fit", "synthesize", "train", "publish"), b1.jsonPath().getList("cachedStages"));
  }

  @Test
  void aPhotoOverTheLimitIsRefusedWith413NamingTheLimit() throws Exception {
    byte[] big = new byte[1_500_000]; // the test profile's limit is 1M (1,048,576 bytes)
    big[0] = (byte) 0xFF;
    big[1] = (byte) 0xD8;
    big[2] = (byte) 0xFF;
    Response r = given().multiPart("photo", "big.jpg", big, "image/jpeg").post("/v1/avatars");
    assertProblem(r, 413, "too-large");
    assertTrue(r.jsonPath().getString("detail").contains("persona.max-photo-size"));
    assertEquals("TOO_LARGE", r.jsonPath().getString("reason"));
  }

  @Test
  void aFileThatIsNoImageIsRefusedWithItsReason() throws Exception {
    Response r =
        given()
            .multiPart(
                "photo", "notes.jpg", "plain text".getBytes(StandardCharsets.UTF_8), "image/jpeg")
            .post("/v1/avatars");
    assertProblem(r, 415, "wrong-format");
    assertEquals("WRONG_FORMAT", r.jsonPath().getString("reason"));
    assertEquals("/v1/avatars", r.jsonPath().getString("instance"));
  }

  @Test
  void unknownJobsAndBatchesAre404Problems() throws Exception {
    assertProblem(given().get("/v1/avatars/no-such-job"), 404, "job-not-found");
    assertProblem(given().get("/v1/avatars/no-such-job/artifacts/result"), 404, "job-not-found");
    assertProblem(given().get("/v1/batches/no-such-batch"), 404, "batch-not-found");
    assertProblem(
        given()
            .contentType("application/json")
            .body("{\"jobId\":\"x\",\"photo\":\"sha256:" + "0".repeat(64) + "\"}")
            .post("/v1/avatars"),
        422,
        "not-found");
    assertProblem(
        given().contentType("application/json").body("{\"jobId\": ").post("/v1/avatars"),
        400,
        "malformed-json");
    assertProblem(given().get("/v1/avatars/bad%20id"), 400, "malformed");
  }

  @Test
  void cancelAndResumeAreCustomMethodsWithALiteralOrEncodedColon() throws Exception {
    // An unknown job: the route is found (a job-not-found problem, not a routing 404 or 405).
    assertProblem(given().post("/v1/avatars/no-such-job:cancel"), 404, "job-not-found");
    assertProblem(given().post("/v1/avatars/no-such-job:resume"), 404, "job-not-found");
    assertProblem(
        given().urlEncodingEnabled(false).post("/v1/avatars/no-such-job%3Acancel"),
        404,
        "job-not-found");
    assertProblem(given().post("/v1/avatars/no-such-job:explode"), 404, "unknown-method");
  }

  @Test
  void theOpenApiDocumentListsEveryPath() throws Exception {
    Response r = given().accept("application/json").get("/q/openapi?format=json");
    assertEquals(200, r.statusCode());
    JsonNode paths = JSON.readTree(r.asString()).get("paths");
    for (String path :
        List.of(
            "/v1/avatars",
            "/v1/avatars/{id}",
            "/v1/avatars/{id}/events",
            "/v1/avatars/{id}/artifacts/{name}",
            "/v1/batches",
            "/v1/batches/{id}")) {
      assertTrue(paths.has(path), path + " in " + paths.fieldNames());
    }
    assertTrue(paths.get("/v1/avatars").get("post").get("responses").has("202"));
    assertTrue(paths.get("/v1/avatars").get("post").get("responses").has("200"));
    // :cancel and :resume are documented on POST /v1/avatars/{id} (see AvatarResource).
    assertTrue(paths.get("/v1/avatars/{id}").has("post"));
  }
}
