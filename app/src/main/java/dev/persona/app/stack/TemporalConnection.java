package dev.persona.app.stack;

import dev.persona.app.telemetry.Tracing;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
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

  private TemporalConnection(WorkflowServiceStubs stubs, String namespace, Tracing tracing) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setInterceptors(
                    tracing.clientInterceptors().toArray(new WorkflowClientInterceptor[0]))
                .build());
  }

  /**
   * Connects to {@code address} ({@code host:port}) and checks the server answers within {@code
   * timeout}; the client's calls are traced by {@code tracing}.
   */
  public static TemporalConnection connect(
      String address, String namespace, Duration timeout, Tracing tracing) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build(), timeout);
    return new TemporalConnection(stubs, namespace, tracing);
  }

  /** As {@link #connect(String, String, Duration, Tracing)}, traced as the process is. */
  public static TemporalConnection connect(String address, String namespace, Duration timeout) {
    return connect(address, namespace, timeout, Tracing.process());
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
