package dev.persona.app.stack;

import dev.persona.workflows.job.JobSearchAttributes;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal test server ({@code io.temporal:temporal-test-server}) serving the frontend gRPC API
 * on a loopback port, namespace {@code default}. It runs in this JVM through {@link
 * TestServer#createPortBoundServer(int, boolean)}, the call its {@code main} makes (with time
 * skipping off, as {@code main} has it by default): no second JVM to start (about a second instead
 * of several), and it cannot outlive the process that owns it. It keeps its state in memory only;
 * what must survive a restart lives in the artifact store (the stage cache). Persona's search
 * attributes are registered at start, so jobs on it are searchable by tenant, job, batch and stage.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  private static final int BIND_ATTEMPTS = 5;

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** A server on a free loopback port. */
  public static EmbeddedTemporal start() {
    RuntimeException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      int port = FreePorts.pick();
      try {
        EmbeddedTemporal server =
            new EmbeddedTemporal(TestServer.createPortBoundServer(port, true), port);
        server.registerSearchAttributes();
        return server;
      } catch (StatusRuntimeException e) {
        throw new UncheckedIOException(
            new IOException("the Temporal test server refused the search attributes", e));
      } catch (RuntimeException e) {
        // The port was taken between picking and binding: try another.
        last = e;
      }
    }
    throw new UncheckedIOException(
        new IOException("the Temporal test server could not bind a loopback port", last));
  }

  /** Registers {@link JobSearchAttributes} on namespace {@code default}, as an operator would. */
  private void registerSearchAttributes() {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(address()).usePlaintext().build();
    try {
      OperatorServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(TemporalConnection.DEFAULT_NAMESPACE)
                  .putAllSearchAttributes(JobSearchAttributes.definitions())
                  .build());
    } finally {
      channel.shutdownNow();
    }
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, what a client's target is set to. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
