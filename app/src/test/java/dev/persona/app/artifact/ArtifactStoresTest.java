package dev.persona.app.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoresTest {
  @TempDir Path tmp;

  @Test
  void fileLocationsAndPlainPathsAreLocalStores() throws Exception {
    Path root = tmp.resolve("store").toAbsolutePath();
    for (String location :
        new String[] {"file:" + root, root.toUri().toString(), root.toString()}) {
      ArtifactStore store = ArtifactStores.fromConfig(location, Map.of());
      assertEquals(root, ((LocalArtifactStore) store).root(), location);
    }
  }

  @Test
  void s3LocationsNameBucketAndPrefix() throws Exception {
    Map<String, String> env =
        Map.of(ArtifactStores.ENDPOINT, "http://127.0.0.1:9", ArtifactStores.REGION, "eu-west-1");
    try (S3ArtifactStore store =
        (S3ArtifactStore) ArtifactStores.fromConfig("s3://avatars/prod/v1/", env)) {
      assertEquals("avatars", store.bucket());
      assertEquals("prod/v1", store.prefix());
      assertEquals("prod/v1/jobs/x", store.objectKey("jobs/x"));
    }
  }

  @Test
  void otherSchemesAndBadLocationsAreRefused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> ArtifactStores.fromConfig("ftp://x/y", Map.of()));
    assertEquals(Reason.UNSUPPORTED, e.reason());
    assertThrows(InvalidInputException.class, () -> ArtifactStores.fromConfig("s3:///", Map.of()));
    assertThrows(InvalidInputException.class, () -> ArtifactStores.fromConfig(" ", Map.of()));
  }
}
