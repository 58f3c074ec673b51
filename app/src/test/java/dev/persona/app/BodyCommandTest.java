package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.JsonFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyCommandTest {
  @TempDir Path dir;

  @Test
  void infoDescribesTheBuiltInBody() {
    CliRun r = CliRun.of("body", "info");
    assertEquals(0, r.exit(), r.err());
    JsonNode info = JsonFiles.parse(r.out().getBytes(StandardCharsets.UTF_8), "stdout");
    assertEquals(55, info.get("joints").asInt());
    assertEquals("pelvis", info.get("joint_names").get(0).asText());
    int vertices = info.get("vertices").asInt();
    assertTrue(vertices >= 5000 && vertices <= 15000, "vertices " + vertices);
    assertTrue(info.get("shape_directions").asInt() >= 10);
    double height = info.get("bounding_box_m").get("size").get(1).asDouble();
    assertTrue(height > 1.4 && height < 2.0, "body height in metres " + height);
  }

  @Test
  void renderWritesAPngWithTheBodyInTheMiddle() throws Exception {
    Path png = dir.resolve("front.png");
    CliRun r =
        CliRun.of("body", "render", "--view", "side", "--size", "96x128", "--out", png.toString());
    assertEquals(0, r.exit(), r.err());
    Image image = ImageIo.read(png);
    assertEquals(96, image.width());
    assertEquals(128, image.height());
    assertEquals(4, image.channels());
    // The framed body covers the centre pixel and leaves the corners transparent.
    assertTrue(image.get(48, 64, 3) > 0.99f, "centre alpha");
    assertEquals(0f, image.get(0, 0, 3));
    assertEquals(0f, image.get(95, 127, 3));
  }

  @Test
  void aMissingModelIsAClearErrorNotAStackTrace() {
    CliRun r = CliRun.of("body", "info", "--model", dir.resolve("nope.npz").toString());
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("body model file not found"), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void aMalformedModelIsAClearError() throws Exception {
    Path bad = dir.resolve("bad.npz");
    Files.writeString(bad, "this is not a zip");
    CliRun r = CliRun.of("body", "info", "--model", bad.toString());
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().startsWith("persona: "), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void aBadViewIsRejectedWithTheAllowedValues() {
    CliRun r =
        CliRun.of("body", "render", "--view", "diagonal", "--out", dir.resolve("x.png").toString());
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("front, side, back or orbit:DEGREES"), r.err());
  }
}
