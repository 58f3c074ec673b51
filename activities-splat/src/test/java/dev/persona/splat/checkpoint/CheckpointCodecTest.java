package dev.persona.splat.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointCodecTest {
  @TempDir Path dir;

  private static CheckpointState sample() {
    SplittableRandom random = new SplittableRandom(3);
    float[] params = new float[1000];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) random.nextGaussian();
    }
    // Values whose bits a careless codec would change.
    params[0] = -0f;
    params[1] = Float.MIN_VALUE;
    params[2] = Float.NaN;
    params[3] = Float.NEGATIVE_INFINITY;
    return new CheckpointState()
        .putFloats("mlp.params", params)
        .putFloats("adam.mlp.m", new float[] {1e-30f, -2f})
        .putFloats("empty", new float[0])
        .putLongs("random.state", new long[] {Long.MIN_VALUE, -1, 0x9E3779B97F4A7C15L})
        .putLong("iteration", 123_456_789_012L)
        .putInt("preset", -7);
  }

  @Test
  void roundTripsBitIdenticallyThroughAPlainNpzFile() throws IOException {
    CheckpointState state = sample();
    Path file = dir.resolve("train.ckpt.npz");
    CheckpointCodec.write(file, state);
    CheckpointState back = CheckpointCodec.read(file);
    assertEquals(state.names(), back.names());
    assertFloatBits(state.floats("mlp.params"), back.floats("mlp.params"));
    assertFloatBits(state.floats("adam.mlp.m"), back.floats("adam.mlp.m"));
    assertEquals(0, back.floats("empty").length);
    assertArrayEquals(state.longs("random.state"), back.longs("random.state"));
    assertEquals(123_456_789_012L, back.longValue("iteration"));
    assertEquals(-7, back.intValue("preset"));
    // The container is a plain .npz: core's reader (numpy's layout) sees every entry.
    Map<String, NpyArray> npz = Npz.read(file);
    assertEquals(
        List.of(
            "checkpoint.version",
            "mlp.params",
            "adam.mlp.m",
            "empty",
            "random.state",
            "iteration",
            "preset",
            "checkpoint.crc32c"),
        List.copyOf(npz.keySet()));
    assertEquals(CheckpointCodec.FORMAT_VERSION, npz.get("checkpoint.version").toInts()[0]);
    // Atomic write leaves no temporary file behind, also when replacing.
    CheckpointCodec.write(file, state);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  private static void assertFloatBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "at " + i);
    }
  }

  @Test
  void everyTruncationIsRefused() throws IOException {
    byte[] bytes = CheckpointCodec.encode(sample());
    for (int length = 0; length < bytes.length; length += 7) {
      byte[] cut = java.util.Arrays.copyOf(bytes, length);
      try {
        CheckpointCodec.decode(cut);
        fail("accepted a checkpoint cut to " + length + " of " + bytes.length + " bytes");
      } catch (InvalidInputException e) {
        // expected: CORRUPT, or WRONG_FORMAT when too little is left to tell
      }
    }
  }

  @Test
  void flippedBitsAreRefusedAsCorrupt() throws IOException {
    byte[] bytes = CheckpointCodec.encode(sample());
    // A byte inside the float data of the first value entry (past the version entry's headers).
    for (int at : new int[] {400, 1500, 3000}) {
      byte[] damaged = bytes.clone();
      damaged[at] ^= 0x10;
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> CheckpointCodec.decode(damaged));
      assertEquals(Reason.CORRUPT, e.reason(), e.getMessage());
    }
  }

  @Test
  void aValidArchiveWithAWrongChecksumIsCorrupt() throws IOException {
    // Zip CRCs all fine (written by core's npz writer), only the content checksum disagrees.
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("checkpoint.version", NpyArray.ofInts(new int[] {1}));
    arrays.put("x", NpyArray.ofFloats(new float[] {1f, 2f}, 2));
    arrays.put("checkpoint.crc32c", NpyArray.ofLongs(new long[] {12345L}));
    Path file = dir.resolve("bad.npz");
    Npz.write(file, arrays);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CheckpointCodec.read(file));
    assertEquals(Reason.CORRUPT, e.reason());
  }

  @Test
  void otherFilesAndVersionsAreRefused() throws IOException {
    Path plain = dir.resolve("plain.npz");
    Npz.write(plain, Map.of("x", NpyArray.ofFloats(new float[] {1f}, 1)));
    assertEquals(Reason.WRONG_FORMAT, reasonReading(plain));
    Path future = dir.resolve("future.npz");
    Npz.write(future, Map.of("checkpoint.version", NpyArray.ofInts(new int[] {99})));
    assertEquals(Reason.UNSUPPORTED, reasonReading(future));
    Path text = dir.resolve("text.npz");
    Files.writeString(text, "not a zip at all");
    assertEquals(Reason.WRONG_FORMAT, reasonReading(text));
    assertEquals(Reason.NOT_FOUND, reasonReading(dir.resolve("missing.npz")));
    Path big = dir.resolve("big.npz");
    CheckpointCodec.write(big, sample());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CheckpointCodec.read(big, 100));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  private static Reason reasonReading(Path file) {
    return assertThrows(InvalidInputException.class, () -> CheckpointCodec.read(file)).reason();
  }

  @Test
  void missingOrMismatchedEntriesAreMalformedAndNamesAreChecked() throws IOException {
    CheckpointState back = CheckpointCodec.decode(CheckpointCodec.encode(sample()));
    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidInputException.class, () -> back.floats("nope")).reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidInputException.class, () -> back.floats("iteration")).reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(
                InvalidInputException.class, () -> back.copyFloatsInto("adam.mlp.m", new float[3]))
            .reason());
    float[] into = new float[2];
    back.copyFloatsInto("adam.mlp.m", into);
    assertArrayEquals(new float[] {1e-30f, -2f}, into);
    CheckpointState state = new CheckpointState();
    assertThrows(IllegalArgumentException.class, () -> state.putInt("checkpoint.x", 1));
    assertThrows(IllegalArgumentException.class, () -> state.putInt("a b", 1));
    state.putInt("a", 1);
    assertThrows(IllegalArgumentException.class, () -> state.putLong("a", 1));
  }
}
