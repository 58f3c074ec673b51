package dev.persona.app.artifact;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Chooses the artifact store from one location string (docs/operations.md):
 *
 * <ul>
 *   <li>{@code file:/abs/path}, {@code file:rel/path} or a plain path: a {@link LocalArtifactStore}
 *       rooted there;
 *   <li>{@code s3://bucket} or {@code s3://bucket/prefix}: an {@link S3ArtifactStore}, with the
 *       client configured from the environment: {@value #ENDPOINT} (an S3-compatible endpoint such
 *       as {@code http://minio:9000}; the SDK's own {@code AWS_ENDPOINT_URL_S3} / {@code
 *       AWS_ENDPOINT_URL} work too), {@value #PATH_STYLE} ({@code true}/{@code false}; default
 *       {@code true} when {@value #ENDPOINT} is set, as most S3-compatible stores need), the region
 *       from {@value #REGION} or the SDK's chain ({@code AWS_REGION}, profile), else {@code
 *       us-east-1}, and credentials from the SDK's default chain ({@code AWS_ACCESS_KEY_ID} /
 *       {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE}, web identity, instance roles).
 * </ul>
 */
public final class ArtifactStores {
  /** The environment variable naming the store; {@value #DEFAULT_LOCATION} when unset. */
  public static final String LOCATION = "PERSONA_ARTIFACTS";

  public static final String ENDPOINT = "PERSONA_S3_ENDPOINT";
  public static final String PATH_STYLE = "PERSONA_S3_PATH_STYLE";
  public static final String REGION = "PERSONA_S3_REGION";
  public static final String DEFAULT_LOCATION = "file:out/artifacts";

  private ArtifactStores() {}

  /** The store {@value #LOCATION} names in this process's environment. */
  public static ArtifactStore fromEnvironment() throws IOException {
    Map<String, String> env = System.getenv();
    return fromConfig(env.getOrDefault(LOCATION, DEFAULT_LOCATION), env);
  }

  /**
   * The store at {@code location}, S3 client settings read from {@code env} (the names above).
   *
   * @throws InvalidInputException (MALFORMED, UNSUPPORTED) for a location it cannot use
   */
  public static ArtifactStore fromConfig(String location, Map<String, String> env)
      throws IOException {
    if (location == null || location.isBlank()) {
      throw new InvalidInputException(Reason.MALFORMED, "the artifact store location is empty");
    }
    if (location.startsWith("s3://")) {
      URI uri = parse(location);
      String bucket = uri.getHost();
      if (bucket == null || bucket.isEmpty()) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            "artifact store " + location + " names no bucket (s3://bucket/prefix)");
      }
      String prefix = uri.getPath() == null ? "" : uri.getPath();
      return new S3ArtifactStore(s3Client(env), bucket, prefix);
    }
    if (location.startsWith("file:")) {
      String rest = location.substring("file:".length());
      Path root = rest.startsWith("//") ? Path.of(parse(location)) : Path.of(rest);
      return new LocalArtifactStore(root);
    }
    if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          "artifact store " + location + ": only file: and s3:// locations are supported");
    }
    return new LocalArtifactStore(Path.of(location));
  }

  /** An S3 client configured from {@code env} as the class documentation says. */
  public static S3Client s3Client(Map<String, String> env) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(region(env))
            .credentialsProvider(DefaultCredentialsProvider.builder().build());
    String endpoint = env.get(ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(parse(endpoint));
    }
    String pathStyle = env.get(PATH_STYLE);
    boolean forcePathStyle =
        pathStyle == null
            ? endpoint != null && !endpoint.isBlank()
            : Boolean.parseBoolean(pathStyle.toLowerCase(Locale.ROOT));
    builder.forcePathStyle(forcePathStyle);
    return builder.build();
  }

  private static Region region(Map<String, String> env) {
    String region = env.get(REGION);
    if (region != null && !region.isBlank()) {
      return Region.of(region);
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      // No region configured anywhere: S3-compatible stores usually ignore it.
      return Region.US_EAST_1;
    }
  }

  private static URI parse(String location) {
    try {
      return new URI(location);
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          Reason.MALFORMED, "not a valid URI: " + location + " (" + e.getMessage() + ")", e);
    }
  }
}
