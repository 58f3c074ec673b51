package dev.persona.app.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.Stage;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link JobEvent}s as CloudEvents 1.0 in structured mode: the whole event, attributes and data, is
 * one JSON object in the Kafka record's value, and the record carries the header {@value
 * #CONTENT_TYPE_HEADER}: {@value #CONTENT_TYPE} (the CloudEvents Kafka protocol binding, section
 * 3.2). The attributes: {@code specversion} 1.0, {@code id} (the event's deterministic id), {@code
 * source} {@code /persona/{tenant}}, {@code type} ({@link JobEventType#cloudEventType()}), {@code
 * subject} (the record key: a job's workflow id or {@code batch/{tenant}/{batch}}), {@code time}
 * (RFC 3339, UTC), {@code datacontenttype} application/json. {@code data} holds {@code tenant},
 * {@code job_id}, {@code batch_id}, {@code stage} and {@code attempt} where they apply, then the
 * type's own fields in name order ({@link dev.persona.workflows.events.JobEvents}); docs/events/
 * has one JSON Schema per type and docs/events.md the rest.
 */
public final class CloudEventCodec {
  public static final String CONTENT_TYPE_HEADER = "content-type";
  public static final String CONTENT_TYPE = "application/cloudevents+json";
  public static final String SPEC_VERSION = "1.0";
  public static final String DATA_CONTENT_TYPE = "application/json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private CloudEventCodec() {}

  /** The event as a structured-mode CloudEvent (JSON object, attributes then data). */
  public static Map<String, Object> toCloudEvent(JobEvent event) {
    String tenant = tenant(event);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tenant", tenant);
    if (event.key() != null) {
      data.put("job_id", event.key().jobId());
    }
    if (event.batchId() != null) {
      data.put("batch_id", event.batchId());
    }
    if (event.stage() != null) {
      data.put("stage", event.stage().id());
    }
    if (event.attempt() > 0) {
      data.put("attempt", event.attempt());
    }
    // JobEvent keeps its data in an unordered map: sorted names give the same bytes in every JVM.
    data.putAll(new TreeMap<>(event.data()));
    Map<String, Object> ce = new LinkedHashMap<>();
    ce.put("specversion", SPEC_VERSION);
    ce.put("id", event.id());
    ce.put("source", "/persona/" + tenant);
    ce.put("type", event.type().cloudEventType());
    ce.put("subject", event.subject());
    ce.put("time", Instant.ofEpochMilli(event.timeMillis()).toString());
    ce.put("datacontenttype", DATA_CONTENT_TYPE);
    ce.put("data", data);
    return ce;
  }

  /** The event as UTF-8 JSON bytes, the Kafka record's value. */
  public static byte[] encode(JobEvent event) {
    try {
      return JSON.writeValueAsBytes(toCloudEvent(event));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event " + event.id() + " has data JSON cannot hold", e);
    }
  }

  /**
   * The event a structured-mode CloudEvent holds.
   *
   * @throws InvalidInputException (MALFORMED) when the bytes are not one of our CloudEvents
   */
  public static JobEvent decode(byte[] bytes) {
    Map<String, Object> ce;
    try {
      ce = JSON.readValue(bytes, OBJECT);
    } catch (IOException e) {
      throw malformed("not a JSON object: " + e.getMessage());
    }
    if (ce == null || !SPEC_VERSION.equals(ce.get("specversion"))) {
      throw malformed("specversion is not " + SPEC_VERSION);
    }
    String id = text(ce, "id");
    String subject = text(ce, "subject");
    JobEventType type;
    try {
      type = JobEventType.fromCloudEventType(text(ce, "type"));
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    long timeMillis;
    try {
      timeMillis = Instant.parse(text(ce, "time")).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw malformed("time is not RFC 3339: " + ce.get("time"));
    }
    if (!(ce.get("data") instanceof Map<?, ?> rawData)) {
      throw malformed("data is not an object");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    rawData.forEach((k, v) -> data.put(String.valueOf(k), v));
    String tenant = text(data, "tenant");
    String jobId = (String) data.remove("job_id");
    String batchId = (String) data.remove("batch_id");
    Object stageId = data.remove("stage");
    Object attempt = data.remove("attempt");
    JobKey key = null;
    if (jobId != null) {
      // Batch events keep "tenant" among their own fields; job events carry it in the key.
      data.remove("tenant");
      key = new JobKey(tenant, jobId);
    }
    Stage stage = null;
    if (stageId != null) {
      try {
        stage = Stage.valueOf(String.valueOf(stageId).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw malformed("unknown stage " + stageId);
      }
    }
    int attemptNumber = attempt instanceof Number n ? n.intValue() : 0;
    return new JobEvent(
        id, type, subject, key, batchId, stage, attemptNumber, timeMillis, Map.copyOf(data));
  }

  private static String tenant(JobEvent event) {
    if (event.key() != null) {
      return event.key().tenant();
    }
    Object tenant = event.data().get("tenant");
    if (tenant == null) {
      throw new IllegalArgumentException("event " + event.id() + " names no tenant");
    }
    return tenant.toString();
  }

  private static String text(Map<String, Object> map, String name) {
    if (!(map.get(name) instanceof String s) || s.isEmpty()) {
      throw malformed("\"" + name + "\" is missing or not a string");
    }
    return s;
  }

  private static InvalidInputException malformed(String why) {
    return new InvalidInputException(Reason.MALFORMED, "not a Persona CloudEvent: " + why);
  }
}
