package dev.persona.core.body;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmplxParamsJsonTest {
  @TempDir Path dir;

  private static double[] random(Random random, int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }

  @Test
  void writeThenReadGivesTheSameParametersBitForBit() throws IOException {
    Random random = new Random(7);
    double[] pose = random(random, SmplxJoints.COUNT * 3);
    SmplxParams params =
        SmplxParams.fromFullPose(random(random, 10), random(random, 10), pose, random(random, 3));
    Path file = dir.resolve("p.json");
    SmplxParamsJson.write(file, params);

    SmplxParams back = SmplxParamsJson.read(file);

    // Jackson writes the shortest decimal that parses back to the same double: exact equality.
    assertEquals(params, back);
    assertArrayEquals(params.expression(), back.expression());
    String text = Files.readString(file);
    for (String key :
        new String[] {
          "betas",
          "expression",
          "global_orient",
          "body_pose",
          "jaw_pose",
          "leye_pose",
          "reye_pose",
          "left_hand_pose",
          "right_hand_pose",
          "transl"
        }) {
      assertTrue(text.contains("\"" + key + "\""), key);
    }
  }

  @Test
  void readsNestedShapesAsSmplxPythonDumpsThem() throws IOException {
    StringBuilder bodyPose = new StringBuilder("[");
    for (int j = 0; j < 21; j++) {
      bodyPose.append(j == 0 ? "" : ",").append('[').append(j).append(",0.5,-").append(j);
      bodyPose.append(']');
    }
    bodyPose.append(']');
    String json =
        "{\"betas\": [[0.1, 0.2, 0.3]], \"global_orient\": [[1, 2, 3]],"
            + " \"body_pose\": ["
            + bodyPose
            + "], \"transl\": [[0.0], [1.5], [-2]],"
            + " \"jaw_pose\": null, \"vertices\": [[1, 2, 3]], \"gender\": \"neutral\"}";
    Path file = dir.resolve("nested.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);

    SmplxParams params = SmplxParamsJson.read(file);

    assertArrayEquals(new double[] {0.1, 0.2, 0.3}, params.betas());
    assertArrayEquals(new double[] {1, 2, 3}, params.globalOrient());
    // body_pose (1, 21, 3) flattens in C order: joint j's three values at 3j..3j+2.
    assertArrayEquals(
        new double[] {5, 0.5, -5}, java.util.Arrays.copyOfRange(params.bodyPose(), 15, 18));
    assertArrayEquals(new double[] {0, 1.5, -2}, params.transl());
    // Missing or null groups are zeros; the expression is then empty.
    assertArrayEquals(new double[3], params.jawPose());
    assertArrayEquals(new double[45], params.leftHandPose());
    assertEquals(0, params.expression().length);
  }

  @Test
  void wrongLengthIsMalformedAndNamesTheKeyAndFile() throws IOException {
    Path file = dir.resolve("short.json");
    Files.writeString(file, "{\"body_pose\": [1, 2, 3]}");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SmplxParamsJson.read(file));

    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("body_pose"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void pcaHandPoseIsRefusedWithAHint() throws IOException {
    Path file = dir.resolve("pca.json");
    Files.writeString(file, "{\"left_hand_pose\": [[1, 2, 3, 4, 5, 6]]}");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SmplxParamsJson.read(file));

    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("left_hand_pose"), e.getMessage());
    assertTrue(e.getMessage().contains("PCA"), e.getMessage());
  }

  @Test
  void tooManyValuesAreMalformed() throws IOException {
    Path file = dir.resolve("long.json");
    Files.writeString(file, "{\"transl\": [1, 2, 3, 4]}");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SmplxParamsJson.read(file));

    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("transl"), e.getMessage());
  }

  @Test
  void nonNumbersAreMalformedAndNameTheKey() throws IOException {
    Path file = dir.resolve("text.json");
    Files.writeString(file, "{\"global_orient\": [0, \"x\", 0]}");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SmplxParamsJson.read(file));

    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("global_orient"), e.getMessage());
  }

  @Test
  void notJsonOrNotAnObjectIsMalformed() throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"betas\": [1, 2");
    Path array = dir.resolve("array.json");
    Files.writeString(array, "[1, 2, 3]");

    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidInputException.class, () -> SmplxParamsJson.read(broken)).reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidInputException.class, () -> SmplxParamsJson.read(array)).reason());
  }

  @Test
  void missingFileIsNotFound() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> SmplxParamsJson.read(dir.resolve("none.json")));

    assertEquals(Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("none.json"), e.getMessage());
  }
}
