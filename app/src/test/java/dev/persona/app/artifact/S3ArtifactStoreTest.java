package dev.persona.app.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.persona.workflows.artifact.ArtifactRef;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The S3 store against Adobe's S3Mock, an S3 server running in this JVM on a random port. */
class S3ArtifactStoreTest extends ArtifactStoreContract {
  private static final String BUCKET = "persona-test";
  private static S3MockApplication s3mock;
  private static Path s3root;
  private static int run;

  private S3ArtifactStore store;

  @BeforeAll
  static void startS3() throws Exception {
    // Spring Boot (inside S3Mock) would otherwise insist on Logback, but the app logs to slf4j 1.7.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    s3root = Files.createTempDirectory("s3mock");
    s3mock =
        S3MockApplication.start(
            // start() removes entries from the map it is given: a mutable copy.
            new HashMap<>(
                Map.<String, Object>of(
                    S3MockApplication.PROP_HTTP_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_HTTPS_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_INITIAL_BUCKETS,
                    BUCKET,
                    S3MockApplication.PROP_ROOT_DIRECTORY,
                    s3root.toString(),
                    S3MockApplication.PROP_SILENT,
                    true,
                    // S3Mock's defaults live in its jar's application.properties, which the REST
                    // API's own application.properties (earlier on the class path) hides from
                    // Spring Boot: the ones it cannot start without, given here.
                    "com.adobe.testing.s3mock.region",
                    "us-east-1",
                    "server.tomcat.max-swallow-size",
                    "10MB",
                    "spring.jmx.enabled",
                    false)));
  }

  @AfterAll
  static void stopS3() {
    if (s3mock != null) {
      s3mock.stop();
    }
  }

  static S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + s3mock.getHttpPort()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .build();
  }

  @BeforeEach
  void open() {
    // A fresh prefix per test: the server's bucket outlives the tests.
    store = new S3ArtifactStore(client(), BUCKET, "runs/" + (++run));
  }

  @Override
  ArtifactStore store() {
    return store;
  }

  @Override
  void tamper(String key, byte[] bytes) {
    // Keep the object's sha256 metadata, change its bytes: what a reader must catch.
    try (S3Client s3 = client()) {
      String objectKey = store.objectKey(key);
      HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key(objectKey));
      s3.putObject(
          b -> b.bucket(BUCKET).key(objectKey).metadata(head.metadata()),
          RequestBody.fromBytes(bytes));
    }
  }

  @Test
  void objectsCarryS3UrisAndTheirSha256AsMetadata() throws Exception {
    ArtifactRef ref = store.put("jobs/acme/j/fit.zip", new byte[] {'a', 'b', 'c'});
    String objectKey = store.prefix() + "/jobs/acme/j/fit.zip";
    assertEquals("s3://" + BUCKET + "/" + objectKey, ref.uri());
    try (S3Client s3 = client()) {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key(objectKey));
      assertEquals(SHA256_ABC, head.metadata().get(S3ArtifactStore.SHA256_METADATA));
    }
  }

  @Test
  void anObjectWithoutMetadataIsHashedOnFind() throws Exception {
    try (S3Client s3 = client()) {
      s3.putObject(
          b -> b.bucket(BUCKET).key(store.objectKey("foreign.txt")),
          RequestBody.fromBytes(new byte[] {'a', 'b', 'c'}));
    }
    assertEquals(SHA256_ABC, store.find("foreign.txt").orElseThrow().sha256());
  }
}
