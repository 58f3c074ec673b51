package dev.persona.app.stack;

import dev.persona.app.artifact.ArtifactStores;
import dev.persona.app.events.KafkaTopics;
import java.util.Map;

/**
 * Where the app finds its infrastructure, from environment variables (docs/operations.md). A null
 * {@code temporalAddress} or {@code kafkaBootstrap} means "the embedded dev stack": the one named
 * by {@code out/dev/stack.json} if it runs, else a new one.
 */
public record StackConfig(
    String temporalAddress,
    String temporalNamespace,
    String kafkaBootstrap,
    String eventsTopic,
    String artifacts,
    boolean searchAttributes) {
  public static final String TEMPORAL_ADDRESS = "PERSONA_TEMPORAL_ADDRESS";
  public static final String TEMPORAL_NAMESPACE = "PERSONA_TEMPORAL_NAMESPACE";
  public static final String KAFKA_BOOTSTRAP = "PERSONA_KAFKA_BOOTSTRAP";
  public static final String EVENTS_TOPIC = "PERSONA_EVENTS_TOPIC";

  /**
   * {@code true} when the external Temporal cluster has Persona's search attributes registered
   * (docs/operations.md); the embedded server registers them itself.
   */
  public static final String SEARCH_ATTRIBUTES = "PERSONA_SEARCH_ATTRIBUTES";

  public static StackConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static StackConfig fromEnvironment(Map<String, String> env) {
    return new StackConfig(
        blankToNull(env.get(TEMPORAL_ADDRESS)),
        env.getOrDefault(TEMPORAL_NAMESPACE, TemporalConnection.DEFAULT_NAMESPACE),
        blankToNull(env.get(KAFKA_BOOTSTRAP)),
        env.getOrDefault(EVENTS_TOPIC, KafkaTopics.DEFAULT_TOPIC),
        env.getOrDefault(ArtifactStores.LOCATION, ArtifactStores.DEFAULT_LOCATION),
        flag(env, SEARCH_ATTRIBUTES));
  }

  private static boolean flag(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "false").trim();
    return switch (value) {
      case "true" -> true;
      case "false", "" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  /** Whether both Temporal and Kafka are external (nothing embedded needs to run). */
  public boolean external() {
    return temporalAddress != null && kafkaBootstrap != null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
