package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.io.JsonFiles;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.scene.BenchScene;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RasterBenchmarkTest {
  @TempDir Path dir;

  /** Nine overlapping Gaussians on a grid one metre in front of a 64x48 camera. */
  private static BenchScene tinyScene() {
    Gaussians g = new Gaussians(9, 1, 0);
    for (int i = 0; i < 9; i++) {
      g.means()[i * 3] = 0.1f * (i % 3 - 1);
      g.means()[i * 3 + 1] = 0.1f * (i / 3 - 1);
      g.means()[i * 3 + 2] = 1f + 0.01f * i;
      for (int c = 0; c < 3; c++) {
        g.logScales()[i * 3 + c] = (float) Math.log(0.04);
      }
      g.rotations()[i * 4] = 1;
      g.opacityLogits()[i] = 1;
      g.setBaseColor(i, 0.1f * i, 0.5f, 0.9f - 0.1f * i);
    }
    PinholeCamera camera =
        new PinholeCamera(
            64, 48, 60, 60, 32, 24, new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
    return new BenchScene(g, camera);
  }

  @Test
  void printsTheDocumentedJsonFigures() throws Exception {
    BenchScene scene = tinyScene();
    Path folder = dir.resolve("scene");
    scene.write(folder);
    CliRun r =
        CliRun.of(
            "bench",
            "raster",
            "--scene",
            folder.toString(),
            "--iters",
            "2",
            "--threads",
            "2",
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode out = JsonFiles.parse(r.out().getBytes(StandardCharsets.UTF_8), "stdout");
    for (String key :
        new String[] {"forward_ms", "backward_ms", "evaluations", "evaluations_per_s", "threads"}) {
      assertTrue(out.has(key), "missing " + key + " in " + r.out());
    }
    assertEquals(2, out.get("threads").asInt());
    assertTrue(out.get("forward_ms").asDouble() > 0);
    assertTrue(out.get("backward_ms").asDouble() > 0);
    // The count is the rasterizer's own, for exactly this scene and camera.
    try (CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer()) {
      long expected =
          rasterizer
              .render(scene.gaussians(), scene.camera(), RenderSettings.defaults())
              .evaluations();
      assertTrue(expected > 0);
      assertEquals(expected, out.get("evaluations").asLong());
    }
  }

  @Test
  void aMissingSceneIsBadInput() {
    CliRun r = CliRun.of("bench", "raster", "--scene", dir.resolve("nope").toString());
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("nope"), r.err());
  }
}
