package dev.persona.app.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {
  @Test
  void nothingSetMeansTheEmbeddedStackWithoutClusterSearchAttributes() {
    StackConfig config = StackConfig.fromEnvironment(Map.of());
    assertNull(config.temporalAddress());
    assertNull(config.kafkaBootstrap());
    assertFalse(config.external());
    assertEquals("default", config.temporalNamespace());
    assertFalse(config.searchAttributes());
  }

  @Test
  void aClusterWithRegisteredSearchAttributesSaysSo() {
    StackConfig config =
        StackConfig.fromEnvironment(
            Map.of(
                StackConfig.TEMPORAL_ADDRESS, "temporal:7233",
                StackConfig.KAFKA_BOOTSTRAP, " kafka:9092 ",
                StackConfig.SEARCH_ATTRIBUTES, "true"));
    assertTrue(config.external());
    assertEquals("kafka:9092", config.kafkaBootstrap());
    assertTrue(config.searchAttributes());
  }

  @Test
  void aFlagThatIsNeitherTrueNorFalseIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StackConfig.fromEnvironment(Map.of(StackConfig.SEARCH_ATTRIBUTES, "yes")));
    assertTrue(e.getMessage().contains(StackConfig.SEARCH_ATTRIBUTES), e.getMessage());
  }
}
