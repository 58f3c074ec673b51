package dev.persona.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ServerSpanInterceptorTest {
  @Test
  void spansAreNamedByMethodAndRouteTemplateOfEveryEndpoint() {
    Map<String, String> names = new TreeMap<>();
    for (Class<?> resource : new Class<?>[] {AvatarResource.class, BatchResource.class}) {
      for (Method m : resource.getDeclaredMethods()) {
        String method = ServerSpanInterceptor.httpMethod(m);
        if (!method.equals("HTTP")) {
          names.put(m.getName(), method + " " + ServerSpanInterceptor.route(m));
        }
      }
    }
    assertEquals("POST /v1/avatars", names.get("upload"));
    assertEquals("POST /v1/avatars", names.get("submit"));
    assertEquals("GET /v1/avatars/{id}", names.get("status"));
    assertEquals("GET /v1/avatars/{id}/events", names.get("events"));
    // The parameter's regular expression is not part of the route's name.
    assertEquals("GET /v1/avatars/{id}/artifacts/{name}", names.get("artifact"));
    assertEquals("POST /v1/avatars/{id}", names.get("customMethod"));
    assertEquals("POST /v1/batches", names.get("start"));
    assertEquals("GET /v1/batches/{id}", names.get("progress"));
  }
}
