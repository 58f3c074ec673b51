package dev.persona.app.stack;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a Temporal frontend: the gRPC service stubs and a {@link WorkflowClient} on one
 * namespace. The embedded server and a default cluster both serve namespace {@value
 * #DEFAULT_NAMESPACE}.
 */
public final class TemporalConnection implements AutoCloseable {
  public static final String DEFAULT_NAMESPACE = "default";

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String namespace;

  private TemporalConnection(WorkflowServiceStubs stubs, String namespace) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /**
   * Connects to {@code address} ({@code host:port}) and checks the server answers within {@code
   * timeout}.
   */
  public static TemporalConnection connect(String address, String namespace, Duration timeout) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build(), timeout);
    return new TemporalConnection(stubs, namespace);
  }

  public static TemporalConnection connect(String address) {
    return connect(address, DEFAULT_NAMESPACE, Duration.ofSeconds(10));
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public void close() {
    stubs.shutdown();
    if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
      stubs.shutdownNow();
    }
  }
}
