package dev.persona.smplx.perception;

/**
 * DJL's TFLite engine could not start or could not load a model: typically its native library is
 * missing for this platform (the {@code ai.djl.tflite:tflite-native-cpu} jar for {@code
 * linux-x86_64} must be on the class path; no native library is downloaded at run time). Not the
 * user's input: a deployment problem.
 */
public final class EngineUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
