package dev.persona.app.api;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the API's resources whose requests open an OpenTelemetry server span ({@link
 * ServerSpanInterceptor}), the root of the trace that follows a job through Temporal and Kafka.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ServerSpan {}
