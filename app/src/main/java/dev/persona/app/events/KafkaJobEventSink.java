package dev.persona.app.events;

import dev.persona.app.telemetry.Tracing;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes job events to Kafka as structured-mode CloudEvents ({@link CloudEventCodec}), keyed by
 * the event's subject so one job's events land on one partition, in order. The producer is
 * idempotent ({@code enable.idempotence}, {@code acks=all}): its own retries cannot duplicate or
 * reorder a record. {@link #publish} waits for the broker's acknowledgement, so an activity that
 * returns has its events stored; duplicates from retried activities keep their ids and consumers
 * drop them ({@link JobEventStream}). Thread-safe (one producer shared by all callers).
 */
public final class KafkaJobEventSink implements JobEventSink, AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final Duration ackTimeout;
  private final Tracing tracing;

  /** As the full constructor, traced as the process is. */
  public KafkaJobEventSink(
      String bootstrap,
      String topic,
      int partitions,
      Duration ackTimeout,
      Map<String, Object> overrides) {
    this(bootstrap, topic, partitions, ackTimeout, overrides, Tracing.process());
  }

  /**
   * A sink on {@code topic} (created with {@code partitions} partitions if absent), the producer
   * configured with {@code overrides} on top of this class's settings (security settings for a
   * production cluster, for example); each record carries the publisher's trace context as {@code
   * tracing} propagates it.
   */
  public KafkaJobEventSink(
      String bootstrap,
      String topic,
      int partitions,
      Duration ackTimeout,
      Map<String, Object> overrides,
      Tracing tracing) {
    KafkaTopics.ensure(bootstrap, topic, partitions, ackTimeout);
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "persona-events");
    // Events are small and published one at a time by waiting callers: send at once.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ackTimeout.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, ackTimeout.toMillis()));
    config.putAll(overrides);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.ackTimeout = ackTimeout;
    this.tracing = tracing;
  }

  /** A sink on {@link KafkaTopics#DEFAULT_TOPIC} with the default partitions, 60 s ack timeout. */
  public static KafkaJobEventSink connect(String bootstrap) {
    return new KafkaJobEventSink(
        bootstrap,
        KafkaTopics.DEFAULT_TOPIC,
        KafkaTopics.DEFAULT_PARTITIONS,
        Duration.ofSeconds(60),
        Map.of());
  }

  public String topic() {
    return topic;
  }

  @Override
  public void publish(JobEvent event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            topic,
            null,
            event.subject(),
            CloudEventCodec.encode(event),
            List.of(
                new RecordHeader(
                    CloudEventCodec.CONTENT_TYPE_HEADER,
                    CloudEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8))));
    tracing.inject(record.headers());
    try {
      producer.send(record).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new EventPublishException(
          "Kafka refused event " + event.id() + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new EventPublishException(
          "Kafka did not acknowledge event " + event.id() + " within " + ackTimeout, e);
    } catch (KafkaException e) {
      throw new EventPublishException("could not send event " + event.id() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublishException("interrupted publishing event " + event.id(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
