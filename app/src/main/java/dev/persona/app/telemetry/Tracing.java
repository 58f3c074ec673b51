package dev.persona.app.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Distributed tracing of jobs with OpenTelemetry: the caller's span (CLI, API) is the parent of
 * Temporal's workflow and activity spans, and every Kafka event a stage publishes carries the
 * activity's trace context as a W3C {@code traceparent} record header, so a consumer continues the
 * same trace. Temporal's Java SDK ships OpenTracing interceptors; OpenTelemetry's OpenTracing shim
 * carries them into OpenTelemetry (docs/decisions/0005-tracing.md).
 *
 * <p>Off unless configured: {@link #fromEnvironment} exports over OTLP only when the standard
 * {@value #ENDPOINT} variable is set. Off means no interceptors, no headers, no cost.
 */
public final class Tracing implements AutoCloseable {
  /** The standard OTLP endpoint variable (for example {@code http://collector:4318}). */
  public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /** {@code http/protobuf} (the default, port 4318) or {@code grpc} (port 4317). */
  public static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";

  /** The standard service-name variable; the default names the process's role. */
  public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";

  private static final Tracing OFF = new Tracing(null, null);

  /** The process's tracing, read from its environment once (see {@link #process}). */
  private static final class Process {
    static final Tracing INSTANCE = start();

    private static Tracing start() {
      Tracing tracing = fromEnvironment(System.getenv(), "persona");
      if (tracing.owned != null) {
        // Spans still batched when the JVM exits would be lost without a last flush.
        Runtime.getRuntime()
            .addShutdownHook(new Thread(tracing::closeQuietly, "persona-tracing-flush"));
      }
      return tracing;
    }
  }

  private static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");

  private static final TextMapSetter<Headers> KAFKA_SETTER =
      (headers, key, value) -> {
        if (headers != null) {
          headers.remove(key);
          headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
      };

  private static final TextMapGetter<Headers> KAFKA_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
          List<String> keys = new ArrayList<>();
          for (Header h : headers) {
            keys.add(h.key());
          }
          return keys;
        }

        @Override
        public String get(Headers headers, String key) {
          if (headers == null) {
            return null;
          }
          Header h = headers.lastHeader(key);
          return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
      };

  private final OpenTelemetry telemetry;
  private final OpenTracingOptions temporalOptions;
  private final AutoCloseable owned;

  private Tracing(OpenTelemetry telemetry, AutoCloseable owned) {
    this.telemetry = telemetry;
    this.owned = owned;
    this.temporalOptions =
        telemetry == null
            ? null
            : OpenTracingOptions.newBuilder()
                .setTracer(OpenTracingShim.createTracerShim(telemetry))
                .build();
  }

  /** No tracing. */
  public static Tracing off() {
    return OFF;
  }

  /** Tracing through {@code telemetry} (its propagators must include W3C trace context). */
  public static Tracing of(OpenTelemetry telemetry) {
    return new Tracing(telemetry, null);
  }

  /**
   * Tracing as the environment configures it: off unless {@value #ENDPOINT} is set; then spans go
   * in batches to that OTLP endpoint, over {@value #PROTOCOL} ({@code http/protobuf} unless {@code
   * grpc}), as service {@value #SERVICE_NAME} (default {@code defaultService}).
   *
   * @throws IllegalArgumentException naming the variable when the protocol is neither
   */
  public static Tracing fromEnvironment(Map<String, String> env, String defaultService) {
    String endpoint = env.get(ENDPOINT);
    if (endpoint == null || endpoint.isBlank()) {
      return OFF;
    }
    String protocol = env.getOrDefault(PROTOCOL, "http/protobuf");
    SpanExporter exporter =
        switch (protocol) {
          case "http/protobuf" ->
              OtlpHttpSpanExporter.builder()
                  .setEndpoint(endpoint.replaceAll("/+$", "") + "/v1/traces")
                  .build();
          case "grpc" -> OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build();
          default ->
              throw new IllegalArgumentException(
                  PROTOCOL + " must be http/protobuf or grpc, got '" + protocol + "'");
        };
    String service = env.getOrDefault(SERVICE_NAME, defaultService);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), service))))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    return new Tracing(sdk, sdk);
  }

  /**
   * This process's tracing, from its environment ({@link #fromEnvironment} with service name {@code
   * persona} unless {@value #SERVICE_NAME} says otherwise), made on first use and flushed at exit:
   * what the CLI, the workers and the API use unless a caller passes its own.
   */
  public static Tracing process() {
    return Process.INSTANCE;
  }

  public boolean enabled() {
    return telemetry != null;
  }

  /** A tracer for the caller's own spans (a no-op one when off). */
  public Tracer tracer(String instrumentationScope) {
    return (enabled() ? telemetry : OpenTelemetry.noop()).getTracer(instrumentationScope);
  }

  /** The interceptors a {@code WorkflowClient} needs: none when off. */
  public List<WorkflowClientInterceptor> clientInterceptors() {
    return enabled() ? List.of(new OpenTracingClientInterceptor(temporalOptions)) : List.of();
  }

  /** The interceptors a {@code WorkerFactory} needs: none when off. */
  public List<WorkerInterceptor> workerInterceptors() {
    return enabled() ? List.of(new OpenTracingWorkerInterceptor(temporalOptions)) : List.of();
  }

  /** Writes the current trace context into a Kafka record's headers ({@code traceparent}). */
  public void inject(Headers headers) {
    if (enabled()) {
      telemetry
          .getPropagators()
          .getTextMapPropagator()
          .inject(Context.current(), headers, KAFKA_SETTER);
    }
  }

  /** The trace context a Kafka record carries (the root context when none or when off). */
  public Context extract(Headers headers) {
    if (!enabled()) {
      return Context.root();
    }
    return telemetry
        .getPropagators()
        .getTextMapPropagator()
        .extract(Context.root(), headers, KAFKA_GETTER);
  }

  /**
   * The trace context an incoming HTTP request carries ({@code traceparent}), or the root context
   * when it carries none or tracing is off.
   *
   * @param header the request's header of a name (any case), null when absent
   */
  public Context extractHttp(Function<String, String> header) {
    if (!enabled()) {
      return Context.root();
    }
    TextMapPropagator propagator = telemetry.getPropagators().getTextMapPropagator();
    return propagator.extract(
        Context.root(),
        header,
        new TextMapGetter<Function<String, String>>() {
          @Override
          public Iterable<String> keys(Function<String, String> carrier) {
            return propagator.fields();
          }

          @Override
          public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
          }
        });
  }

  /**
   * Runs {@code call} in a server span named {@code "METHOD route"} (the OpenTelemetry HTTP
   * convention), a child of the request's {@code traceparent} when it has one, current while {@code
   * call} runs so that the jobs it starts are traced beneath it. When off, just runs {@code call}.
   *
   * @param header the request's header of a name, null when absent
   * @param status the HTTP status {@code call}'s result answers with, or null when not known
   */
  public <T> T inServerSpan(
      String method,
      String route,
      Function<String, String> header,
      Function<T, Integer> status,
      Callable<T> call)
      throws Exception {
    if (!enabled()) {
      return call.call();
    }
    Span span =
        tracer(Tracing.class.getName())
            .spanBuilder(method + " " + route)
            .setParent(extractHttp(header))
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(HTTP_METHOD, method)
            .setAttribute(HTTP_ROUTE, route)
            .startSpan();
    try (Scope scope = span.makeCurrent()) {
      T result = call.call();
      Integer code = status.apply(result);
      if (code != null) {
        span.setAttribute(HTTP_STATUS, code.longValue());
      }
      return result;
    } catch (Exception | Error e) {
      // Mapped to a problem response by the API; the span keeps what went wrong.
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  /** Flushes and stops the exporter this instance made (not one passed to {@link #of}). */
  @Override
  public void close() throws Exception {
    if (owned != null) {
      owned.close();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      System.err.println("persona: could not flush traces: " + e);
    }
  }
}
