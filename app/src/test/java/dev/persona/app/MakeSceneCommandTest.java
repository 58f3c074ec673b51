package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.splat.scene.BenchScene;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MakeSceneCommandTest {
  @TempDir Path dir;

  @Test
  void writesASceneFolderTheBenchmarkCanRead() throws Exception {
    Path out = dir.resolve("scene");
    CliRun r =
        CliRun.of(
            "bench",
            "make-scene",
            "--gaussians",
            "2000",
            "--width",
            "96",
            "--height",
            "64",
            "--out",
            out.toString(),
            "--seed",
            "4",
            "--sh-degree",
            "1");
    assertEquals(0, r.exit(), r.err());
    BenchScene scene = BenchScene.read(out);
    assertEquals(2000, scene.gaussians().count());
    assertEquals(1, scene.gaussians().shDegree());
    assertEquals(96, scene.camera().width());
    assertEquals(64, scene.camera().height());
    assertTrue(r.out().contains("2000 Gaussians"), r.out());
  }

  @Test
  void absurdArgumentsAreBadInputAndWriteNothing() {
    Path out = dir.resolve("scene");
    String[][] bad = {
      {"--gaussians", "0", "--width", "64", "--height", "64"},
      {"--gaussians", "-5", "--width", "64", "--height", "64"},
      {"--gaussians", "100", "--width", "100000", "--height", "64"},
      {"--gaussians", "100", "--width", "64", "--height", "64", "--sh-degree", "4"}
    };
    for (String[] args : bad) {
      String[] full = new String[args.length + 4];
      full[0] = "bench";
      full[1] = "make-scene";
      System.arraycopy(args, 0, full, 2, args.length);
      full[args.length + 2] = "--out";
      full[args.length + 3] = out.toString();
      CliRun r = CliRun.of(full);
      assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().startsWith("persona: "), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
    assertFalse(Files.exists(out));
  }
}
