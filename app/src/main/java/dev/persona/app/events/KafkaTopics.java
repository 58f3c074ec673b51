package dev.persona.app.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The events topic's creation, shared by the sink and the stream. */
public final class KafkaTopics {
  /** Where job events go unless configured otherwise. */
  public static final String DEFAULT_TOPIC = "persona.events";

  /** Partitions of a topic this code creates: jobs spread over them by key. */
  public static final int DEFAULT_PARTITIONS = 6;

  private KafkaTopics() {}

  /**
   * Creates {@code topic} with {@code partitions} partitions and the broker's default replication
   * factor unless it exists already.
   *
   * @throws EventPublishException when the cluster cannot be reached within {@code timeout}
   */
  public static void ensure(String bootstrap, String topic, int partitions, Duration timeout) {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      if (admin
          .listTopics()
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(topic)) {
        return;
      }
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new EventPublishException(
            "could not create topic " + topic + " on " + bootstrap + ": " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new EventPublishException(
          "Kafka at " + bootstrap + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublishException("interrupted creating topic " + topic, e);
    }
  }
}
