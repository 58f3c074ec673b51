package dev.persona.app.artifact;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in an S3 bucket (AWS or any S3-compatible store: MinIO, Ceph, S3Mock) under a key prefix;
 * references carry {@code s3://bucket/prefix/key} URIs. Each object's sha256 travels twice: as user
 * metadata ({@value #SHA256_METADATA}), which {@link #find} reads back, and as the request's {@code
 * x-amz-checksum-sha256}, which the server checks on upload so a corrupted transfer is refused
 * rather than stored. A put is one {@code PutObject}, atomic on S3. Reads verify the bytes against
 * the reference like the local store does.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {
  /** The user-metadata name ({@code x-amz-meta-sha256}) holding the object's hex sha256. */
  public static final String SHA256_METADATA = "sha256";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  /**
   * A store over {@code bucket}, its keys under {@code prefix} ("" for the bucket's root; slashes
   * at either end are ignored). The store closes {@code s3} when it is closed.
   */
  public S3ArtifactStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    String p = prefix == null ? "" : prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    this.prefix = p.isEmpty() ? "" : ArtifactKeys.check(p);
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  /** The S3 object key of {@code key}. */
  public String objectKey(String key) {
    ArtifactKeys.check(key);
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  @Override
  public ArtifactRef put(String key, Path file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
        digest.update(buffer, 0, r);
      }
    }
    return put(key, digest.digest(), Files.size(file), RequestBody.fromFile(file));
  }

  @Override
  public ArtifactRef put(String key, byte[] bytes) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    digest.update(bytes);
    return put(key, digest.digest(), bytes.length, RequestBody.fromBytes(bytes));
  }

  private ArtifactRef put(String key, byte[] sha256, long size, RequestBody body)
      throws IOException {
    String objectKey = objectKey(key);
    String hex = HexFormat.of().formatHex(sha256);
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(objectKey)
            .contentLength(size)
            .metadata(Map.of(SHA256_METADATA, hex))
            .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
            .build();
    try {
      s3.putObject(request, body);
    } catch (SdkException e) {
      throw new IOException("could not store " + uri(objectKey) + ": " + e.getMessage(), e);
    }
    return new ArtifactRef(uri(objectKey), hex, size);
  }

  @Override
  public Optional<ArtifactRef> find(String key) throws IOException {
    String objectKey = objectKey(key);
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(bucket).key(objectKey));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new IOException("could not look up " + uri(objectKey) + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("could not look up " + uri(objectKey) + ": " + e.getMessage(), e);
    }
    String sha256 = head.metadata().get(SHA256_METADATA);
    if (sha256 == null) {
      // Stored by another tool: hash it once by reading it.
      try (ResponseInputStream<GetObjectResponse> in = open(objectKey)) {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
          digest.update(buffer, 0, r);
        }
        sha256 = Sha256.hex(digest);
      }
    }
    return Optional.of(new ArtifactRef(uri(objectKey), sha256, head.contentLength()));
  }

  @Override
  public void get(ArtifactRef ref, Path target) throws IOException {
    String objectKey = objectKeyOf(ref);
    try (ResponseInputStream<GetObjectResponse> in = open(objectKey)) {
      VerifiedCopy.toFile(in, target, uri(objectKey), ref);
    }
  }

  @Override
  public byte[] read(ArtifactRef ref) throws IOException {
    String objectKey = objectKeyOf(ref);
    byte[] bytes;
    try (ResponseInputStream<GetObjectResponse> in = open(objectKey)) {
      bytes = in.readAllBytes();
    }
    return VerifiedCopy.bytes(bytes, uri(objectKey), ref);
  }

  private ResponseInputStream<GetObjectResponse> open(String objectKey) throws IOException {
    try {
      return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(objectKey).build());
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri(objectKey));
    } catch (SdkException e) {
      throw new IOException("could not read " + uri(objectKey) + ": " + e.getMessage(), e);
    }
  }

  /** The object key of a reference this store issued; other buckets' references are refused. */
  String objectKeyOf(ArtifactRef ref) {
    String head = "s3://" + bucket + "/";
    if (!ref.uri().startsWith(head)) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED, "artifact " + ref.uri() + " is not in bucket " + bucket);
    }
    String objectKey = ref.uri().substring(head.length());
    ArtifactKeys.check(objectKey);
    return objectKey;
  }

  private String uri(String objectKey) {
    return "s3://" + bucket + "/" + objectKey;
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
  }
}
