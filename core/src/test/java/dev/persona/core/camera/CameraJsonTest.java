package dev.persona.core.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.JsonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraJsonTest {
  @TempDir Path dir;

  private static final double[] POSE = {
    0.8, 0.0, -0.6, 0.1, 0.0, -1.0, 0.0, 0.25, 0.6, 0.0, 0.8, 3.125, 0, 0, 0, 1
  };

  @Test
  void writeThenReadGivesAnEqualCamera() throws IOException {
    PinholeCamera camera = new PinholeCamera(640, 480, 512.5, 511.25, 320.0, 241.5, POSE);
    Path file = dir.resolve("camera.json");

    CameraJson.write(file, camera);

    assertEquals(camera, CameraJson.read(file));
    // The matrix is written as four rows, as the bench scene's camera.json has it.
    String text = Files.readString(file);
    assertTrue(text.contains("\"world_to_camera\" : [ [ 0.8, 0.0, -0.6, 0.1 ]"), text);
  }

  @Test
  void acceptsAFlatMatrix() {
    String json =
        "{\"width\": 64, \"height\": 32, \"fx\": 50, \"fy\": 50, \"cx\": 32, \"cy\": 16,"
            + " \"world_to_camera\": [0.8, 0.0, -0.6, 0.1, 0.0, -1.0, 0.0, 0.25, 0.6, 0.0, 0.8,"
            + " 3.125, 0, 0, 0, 1]}";

    PinholeCamera camera =
        CameraJson.fromJson(JsonFiles.parse(json.getBytes(StandardCharsets.UTF_8), "t"), "t");

    assertEquals(new PinholeCamera(64, 32, 50, 50, 32, 16, POSE), camera);
  }

  private static InvalidInputException refused(String json) {
    return assertThrows(
        InvalidInputException.class,
        () ->
            CameraJson.fromJson(
                JsonFiles.parse(json.getBytes(StandardCharsets.UTF_8), "cam.json"), "cam.json"));
  }

  @Test
  void badCamerasAreMalformedAndNameTheKey() {
    String matrix = "\"world_to_camera\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]";
    String[][] cases = {
      {"{\"height\": 8, \"fx\": 1, \"fy\": 1, \"cx\": 0, \"cy\": 0, " + matrix + "}", "width"},
      {
        "{\"width\": 8.5, \"height\": 8, \"fx\": 1, \"fy\": 1, \"cx\": 0, \"cy\": 0, "
            + matrix
            + "}",
        "width"
      },
      {
        "{\"width\": 8, \"height\": 8, \"fx\": -1, \"fy\": 1, \"cx\": 0, \"cy\": 0, "
            + matrix
            + "}",
        "fx"
      },
      {
        "{\"width\": 8, \"height\": 8, \"fx\": 1, \"fy\": \"a\", \"cx\": 0, \"cy\": 0, "
            + matrix
            + "}",
        "fy"
      },
      {
        "{\"width\": 8, \"height\": 8, \"fx\": 1, \"fy\": 1, \"cx\": 0, \"cy\": 0}",
        "world_to_camera"
      },
      {
        "{\"width\": 8, \"height\": 8, \"fx\": 1, \"fy\": 1, \"cx\": 0, \"cy\": 0,"
            + " \"world_to_camera\": [[1,0,0,0],[0,1,0,0],[0,0,1,0]]}",
        "world_to_camera"
      },
      {
        "{\"width\": 8, \"height\": 8, \"fx\": 1, \"fy\": 1, \"cx\": 0, \"cy\": 0,"
            + " \"world_to_camera\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,1,1]]}",
        "last row"
      },
    };
    for (String[] c : cases) {
      InvalidInputException e = refused(c[0]);
      assertEquals(Reason.MALFORMED, e.reason(), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertTrue(e.getMessage().contains("cam.json"), e.getMessage());
    }
  }
}
