package dev.persona.app.stack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What a running dev stack writes to {@code out/dev/stack.json} so that other {@code ./persona}
 * processes can use it: the addresses and the process hosting the stack (pid and start time, so a
 * pid reused by an unrelated process after a crash is not mistaken for the stack), and the REST
 * API's base URL once {@code ./persona dev} has started it (null before). A file whose process is
 * gone is stale: {@link #findLive} ignores and removes it.
 */
// Unknown fields are ignored so an older ./persona can read a newer stack's file.
@JsonIgnoreProperties(ignoreUnknown = true)
public record DevStackState(
    long pid,
    String processStart,
    String temporalAddress,
    String temporalNamespace,
    String kafkaBootstrap,
    long kafkaPid,
    String kafkaLog,
    String apiAddress) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The state of a stack hosted by this process. */
  static DevStackState ofThisProcess(
      String temporalAddress,
      String temporalNamespace,
      String kafkaBootstrap,
      EmbeddedKafka kafka) {
    ProcessHandle self = ProcessHandle.current();
    return new DevStackState(
        self.pid(),
        startOf(self),
        temporalAddress,
        temporalNamespace,
        kafkaBootstrap,
        kafka.pid(),
        kafka.logFile().toString(),
        null);
  }

  /** This state with the REST API's base URL ({@code ./persona dev} starts the API after both). */
  public DevStackState withApiAddress(String address) {
    return new DevStackState(
        pid,
        processStart,
        temporalAddress,
        temporalNamespace,
        kafkaBootstrap,
        kafkaPid,
        kafkaLog,
        address);
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] bytes;
    try {
      bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IOException("could not encode the dev stack state", e);
    }
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  /** Whether the process named in the file is still the one that wrote it. */
  public boolean processRunning() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(p -> startOf(p).equals(processStart))
        .orElse(false);
  }

  /**
   * The stack described in {@code file} if its process still runs; a stale or unreadable file is
   * deleted and reported as none.
   */
  public static Optional<DevStackState> findLive(Path file) throws IOException {
    DevStackState state;
    try {
      state = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), DevStackState.class);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (JsonProcessingException e) {
      Files.deleteIfExists(file);
      return Optional.empty();
    }
    if (!state.processRunning()) {
      Files.deleteIfExists(file);
      return Optional.empty();
    }
    return Optional.of(state);
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("");
  }
}
