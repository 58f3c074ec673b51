package dev.persona.app.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.persona.core.InvalidInputException;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** docs/events/, from the app module's folder (Surefire's working directory). */
  private static final Path SCHEMAS = Path.of("..", "docs", "events");

  private static JsonSchema schema(JobEventType type) throws Exception {
    Path file = SCHEMAS.resolve(type.cloudEventType() + ".schema.json");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(Files.readString(file));
  }

  @Test
  void everyTypeValidatesAgainstItsSchema() throws Exception {
    Set<JobEventType> covered = EnumSet.noneOf(JobEventType.class);
    for (JobEvent event : EventFixtures.everyType()) {
      JsonNode json = JSON.readTree(CloudEventCodec.encode(event));
      Set<ValidationMessage> errors = schema(event.type()).validate(json);
      assertTrue(errors.isEmpty(), event.type() + ": " + errors + "\n" + json);
      covered.add(event.type());
    }
    assertEquals(EnumSet.allOf(JobEventType.class), covered);
  }

  @Test
  void wrongEventsFailValidation() throws Exception {
    JobEvent progress = EventFixtures.everyType().get(2);
    ObjectNode json = (ObjectNode) JSON.readTree(CloudEventCodec.encode(progress));
    ObjectNode missingDone = json.deepCopy();
    ((ObjectNode) missingDone.get("data")).remove("done");
    ObjectNode extraField = json.deepCopy();
    ((ObjectNode) extraField.get("data")).put("unexpected", 1);
    ObjectNode wrongStage = json.deepCopy();
    ((ObjectNode) wrongStage.get("data")).put("stage", "paint");
    ObjectNode noSource = json.deepCopy();
    noSource.remove("source");
    JsonSchema schema = schema(JobEventType.STAGE_PROGRESS);
    for (JsonNode wrong : new JsonNode[] {missingDone, extraField, wrongStage, noSource}) {
      assertFalse(schema.validate(wrong).isEmpty(), wrong.toString());
    }
    // Another type's event fails this type's schema (type is a constant).
    JsonNode started = JSON.readTree(CloudEventCodec.encode(EventFixtures.everyType().get(1)));
    assertFalse(schema.validate(started).isEmpty());
  }

  @Test
  void structuredModeAttributes() throws Exception {
    JobEvent progress = EventFixtures.everyType().get(2);
    JsonNode json = JSON.readTree(CloudEventCodec.encode(progress));
    assertEquals("1.0", json.get("specversion").asText());
    assertEquals(progress.id(), json.get("id").asText());
    assertEquals("/persona/acme", json.get("source").asText());
    assertEquals("dev.persona.stage.progress", json.get("type").asText());
    assertEquals("avatar/acme/job-1", json.get("subject").asText());
    assertEquals("2026-01-01T00:00:00.125Z", json.get("time").asText());
    assertEquals("application/json", json.get("datacontenttype").asText());
    JsonNode data = json.get("data");
    assertEquals("job-1", data.get("job_id").asText());
    assertEquals("train", data.get("stage").asText());
    assertEquals(2, data.get("attempt").asInt());
    assertEquals(500, data.get("done").asLong());
  }

  @Test
  void decodeInvertsEncode() {
    for (JobEvent event : EventFixtures.everyType()) {
      byte[] bytes = CloudEventCodec.encode(event);
      JobEvent back = CloudEventCodec.decode(bytes);
      assertEquals(event.id(), back.id());
      assertEquals(event.type(), back.type());
      assertEquals(event.subject(), back.subject());
      assertEquals(event.key(), back.key());
      assertEquals(event.batchId(), back.batchId());
      assertEquals(event.stage(), back.stage());
      assertEquals(event.attempt(), back.attempt());
      assertEquals(event.timeMillis(), back.timeMillis());
      assertEquals(event.data().keySet(), back.data().keySet(), event.type().toString());
      // Numbers come back as JSON's smallest fitting type: compare the encodings.
      assertEquals(
          new String(bytes, StandardCharsets.UTF_8),
          new String(CloudEventCodec.encode(back), StandardCharsets.UTF_8));
    }
  }

  @Test
  void foreignRecordsAreMalformed() {
    for (String bad :
        new String[] {
          "not json",
          "{}",
          "{\"specversion\":\"0.3\"}",
          "[1]",
          "{\"specversion\":\"1.0\",\"id\":\"x\",\"subject\":\"s\",\"type\":\"other\","
              + "\"time\":\"2026-01-01T00:00:00Z\",\"data\":{}}"
        }) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> CloudEventCodec.decode(bad.getBytes(StandardCharsets.UTF_8)),
              bad);
      assertEquals(InvalidInputException.Reason.MALFORMED, e.reason());
    }
  }
}
