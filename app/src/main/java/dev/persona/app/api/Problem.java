package dev.persona.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error as RFC 9457 problem details ({@code application/problem+json}): {@code type} a stable
 * URI per kind of error ({@code https://persona.dev/problems/job-not-found}), {@code title} that
 * kind in words, {@code status} the HTTP status, {@code detail} this occurrence, {@code instance}
 * the request path; {@code reason} (an extension member) the {@code InvalidInputException} reason
 * where bad input caused it. Never a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String reason) {
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Where the problem types live; a type is this plus a kebab-case name. */
  public static final String TYPE_BASE = "https://persona.dev/problems/";
}
