package dev.persona.app.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The REST API's configuration, prefix {@code persona}. The environment variables of
 * docs/operations.md map onto it by name ({@code PERSONA_TEMPORAL_ADDRESS} is {@code
 * persona.temporal-address}), so the API and the workers read the same settings; system properties
 * ({@code -Dpersona.kafka-bootstrap=...}) are how {@code ./persona dev} configures its child.
 */
@ConfigMapping(prefix = "persona")
public interface PersonaApiConfig {
  /** Temporal frontend {@code host:port}; absent: the running dev stack's. */
  Optional<String> temporalAddress();

  @WithDefault("default")
  String temporalNamespace();

  /** Kafka bootstrap servers; absent: the running dev stack's. */
  Optional<String> kafkaBootstrap();

  @WithDefault("persona.events")
  String eventsTopic();

  /** The artifact store: {@code file:/path}, a path, or {@code s3://bucket[/prefix]}. */
  @WithDefault("file:out/artifacts")
  String artifacts();

  /**
   * Whether the Temporal cluster has Persona's search attributes registered ({@code
   * PERSONA_SEARCH_ATTRIBUTES}, docs/operations.md); the dev stack's server has them.
   */
  @WithDefault("false")
  boolean searchAttributes();

  /** The tenant of a request without a {@code Persona-Tenant} header. */
  @WithDefault("default")
  String defaultTenant();

  /** The largest photo an upload may carry (a bigger one is refused with 413). */
  @WithDefault("20M")
  MemorySize maxPhotoSize();

  /** The process that started the API ({@code ./persona dev}); the API exits when it does. */
  OptionalLong parentPid();
}
