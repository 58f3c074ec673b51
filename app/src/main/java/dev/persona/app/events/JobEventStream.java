package dev.persona.app.events;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.events.JobEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads job events back from Kafka: every partition of the topic, from the beginning or from now,
 * optionally only one subject's (a job's workflow id or a batch's subject), with duplicate ids
 * dropped (activities run at least once, and a re-sent event keeps its id). Events of one subject
 * come in the order they were published, since they share a partition. The stream joins no consumer
 * group and commits nothing: every reader sees everything (the CLI's {@code events tail}, one SSE
 * connection each).
 *
 * <p>Not thread-safe, except {@link #stop()}, which a second thread may call to end {@link
 * #forEach}.
 */
public final class JobEventStream implements AutoCloseable {
  /** Where reading starts. */
  public enum Start {
    /** The oldest event the topic retains. */
    EARLIEST,
    /** Only events published after the stream was opened. */
    LATEST
  }

  /** How many recent ids are remembered for dropping duplicates. */
  private static final int REMEMBERED_IDS = 100_000;

  private final KafkaConsumer<String, byte[]> consumer;
  private final String subject;
  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_IDS;
        }
      };
  private volatile boolean stopped;
  private long duplicates;
  private long unreadable;

  /**
   * Opens a stream on {@code topic} (created if absent), only {@code subject}'s events when it is
   * not null.
   */
  public JobEventStream(
      String bootstrap, String topic, Start start, String subject, Map<String, Object> overrides) {
    KafkaTopics.ensure(bootstrap, topic, KafkaTopics.DEFAULT_PARTITIONS, Duration.ofSeconds(30));
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "persona-events-stream");
    config.putAll(overrides);
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.subject = subject;
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(partitions);
    if (start == Start.EARLIEST) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    // Seeks are lazy; resolving the positions now pins "latest" to the moment of opening.
    for (TopicPartition p : partitions) {
      consumer.position(p, Duration.ofSeconds(30));
    }
  }

  /** A stream on {@link KafkaTopics#DEFAULT_TOPIC}. */
  public static JobEventStream open(String bootstrap, Start start, String subject) {
    return new JobEventStream(bootstrap, KafkaTopics.DEFAULT_TOPIC, start, subject, Map.of());
  }

  /**
   * The next events, waiting at most {@code timeout} for some to arrive (an empty list when none
   * did); filtered and without duplicates. Records that are not our CloudEvents are skipped and
   * counted ({@link #unreadable()}).
   */
  public List<JobEvent> poll(Duration timeout) {
    List<JobEvent> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
      if (subject != null && !subject.equals(record.key())) {
        continue;
      }
      JobEvent event;
      try {
        event = CloudEventCodec.decode(record.value());
      } catch (InvalidInputException e) {
        unreadable++;
        continue;
      }
      if (seen.put(event.id(), Boolean.TRUE) != null) {
        duplicates++;
        continue;
      }
      events.add(event);
    }
    return events;
  }

  /**
   * Hands every event to {@code action} until {@code keepGoing} says no (checked between polls, at
   * least every 200 ms) or {@link #stop()} is called.
   */
  public void forEach(Consumer<JobEvent> action, BooleanSupplier keepGoing) {
    try {
      while (!stopped && keepGoing.getAsBoolean()) {
        for (JobEvent event : poll(Duration.ofMillis(200))) {
          action.accept(event);
        }
      }
    } catch (WakeupException e) {
      if (!stopped) {
        throw e;
      }
    }
  }

  /** Ends a running {@link #forEach} from another thread. */
  public void stop() {
    stopped = true;
    consumer.wakeup();
  }

  /** Events dropped because their id had been seen. */
  public long duplicates() {
    return duplicates;
  }

  /** Records skipped because they were not Persona CloudEvents. */
  public long unreadable() {
    return unreadable;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
