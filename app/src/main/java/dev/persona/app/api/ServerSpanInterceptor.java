package dev.persona.app.api;

import dev.persona.app.telemetry.Tracing;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.regex.Pattern;

/**
 * Wraps each call of a {@link ServerSpan} resource in a server span ({@link Tracing#inServerSpan})
 * named by its HTTP method and route template, continuing the caller's {@code traceparent}. A CDI
 * interceptor rather than a JAX-RS filter pair: it runs on the thread that runs the resource
 * method, so the span is current exactly while the method starts jobs.
 */
@ServerSpan
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class ServerSpanInterceptor {
  private final HttpServerRequest request;

  @Inject
  public ServerSpanInterceptor(HttpServerRequest request) {
    this.request = request;
  }

  @AroundInvoke
  Object around(InvocationContext context) throws Exception {
    Method method = context.getMethod();
    return Tracing.process()
        .inServerSpan(
            httpMethod(method),
            route(method),
            request::getHeader,
            result -> result instanceof Response r ? r.getStatus() : null,
            context::proceed);
  }

  static String httpMethod(Method method) {
    if (method.isAnnotationPresent(POST.class)) {
      return "POST";
    }
    return method.isAnnotationPresent(GET.class) ? "GET" : "HTTP";
  }

  /**
   * The route template: the class's {@code @Path} joined with the method's, a parameter's regular
   * expression dropped ({@code {name: .+}} is {@code {name}}).
   */
  static String route(Method method) {
    Path type = method.getDeclaringClass().getAnnotation(Path.class);
    Path own = method.getAnnotation(Path.class);
    String route = type == null ? "" : type.value();
    if (own != null) {
      route += "/" + own.value();
    }
    return PARAMETER_PATTERN.matcher(route).replaceAll("{$1}");
  }

  private static final Pattern PARAMETER_PATTERN = Pattern.compile("\\{\\s*(\\w+)\\s*:[^}]*}");
}
