package dev.persona.core.dataset.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetLayout;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSubjectTest {
  /** Masks are stored as 8-bit linear coverage: half a code step. */
  private static final double MASK_QUANTUM = 0.5 / 255 + 1e-6;

  @TempDir static Path dir;

  private static ProceduralBody body;
  private static SyntheticSubjectOptions options;
  private static Dataset first;

  @BeforeAll
  static void generate() throws IOException {
    body = ProceduralBody.create();
    options =
        SyntheticSubjectOptions.defaults()
            .withFrames(2, 2, 3)
            .withSize(128, 96)
            .withSeed(42)
            .withTextureSize(256)
            .withSamples(2)
            .withThreads(2);
    first = SyntheticSubject.generate(body, options, dir.resolve("a"), ProgressListener.NONE);
  }

  @Test
  void theSameSeedGivesIdenticalFiles() throws IOException {
    Dataset second =
        SyntheticSubject.generate(
            body, options.withThreads(1), dir.resolve("b"), ProgressListener.NONE);

    assertArrayEquals(
        Files.readAllBytes(DatasetLayout.description(first.folder())),
        Files.readAllBytes(DatasetLayout.description(second.folder())));
    for (String id : first.frameIds()) {
      assertArrayEquals(first.image(id).data(), second.image(id).data(), id);
      assertArrayEquals(first.mask(id).data(), second.mask(id).data(), id);
      assertEquals(first.camera(id), second.camera(id), id);
    }
  }

  @Test
  void framesAreThePhotoThenTrainingThenTest() {
    assertEquals("00000", first.photoId());
    assertEquals(FrameSplit.PHOTO, first.split("00000"));
    assertEquals(0.0, first.frameEntry("00000").get("azimuth_deg").doubleValue());
    assertEquals(4, first.frameIds(FrameSplit.TRAIN).size());
    assertEquals(List.of("00005", "00006", "00007"), first.frameIds(FrameSplit.TEST));
    assertTrue(Files.isRegularFile(first.folder().resolve(SyntheticSubject.CONTACT_SHEET_FILE)));
    assertTrue(Files.isRegularFile(first.folder().resolve(SyntheticSubject.TEXTURE_FILE)));
  }

  @Test
  void testPosesDifferFromEveryTrainingPose() {
    for (String test : first.frameIds(FrameSplit.TEST)) {
      double[] pose = first.params(test).fullPose();
      for (String train : first.trainingFrameIds()) {
        double distance = SyntheticSubject.bodyPoseDistance(pose, first.params(train).fullPose());
        assertTrue(
            distance > SyntheticSubject.MIN_TEST_POSE_DISTANCE,
            test + " vs " + train + ": " + distance);
      }
    }
  }

  /**
   * Re-renders each frame's coverage from its stored parameters and camera, independently of the
   * generator's renderer, and compares it with the stored mask: this checks the mask is the
   * rendered alpha and that the files describe the rendered body.
   */
  @Test
  void masksAreTheCoverageOfTheBodyTheFilesDescribe() throws IOException {
    BodyModel model = body.model();
    BodyRig rig = new BodyRig(model);
    MeshRasterizer rasterizer =
        new MeshRasterizer(RasterOptions.defaults().withSamples(2).withThreads(1));
    for (String id : first.frameIds()) {
      PosedBody posed = rig.forward(first.params(id));
      RasterResult result =
          rasterizer.rasterize(
              RasterMesh.of(posed.verticesAsFloats(null), model.faces()), first.camera(id));
      float[] mask = first.mask(id).data();
      float[] coverage = result.coverage();
      double covered = 0;
      for (int p = 0; p < mask.length; p++) {
        assertEquals(coverage[p], mask[p], MASK_QUANTUM, id + " pixel " + p);
        covered += coverage[p];
      }
      assertTrue(covered > 0.05 * mask.length, id + " shows the body");
    }
  }

  @Test
  void backgroundPixelsAreTheBackgroundAndBodyPixelsAreNot() throws IOException {
    Image image = first.image("00000");
    float[] mask = first.mask("00000").data();
    // The sRGB 200 grey survives the 8-bit round trip exactly: it is an 8-bit code.
    double grey = SyntheticSubject.BACKGROUND.r();
    int differing = 0;
    int body = 0;
    for (int p = 0; p < mask.length; p++) {
      if (mask[p] == 0) {
        for (int c = 0; c < 3; c++) {
          assertEquals(grey, image.data()[p * 3 + c], 1e-6, "background pixel " + p);
        }
      } else if (mask[p] == 1) {
        body++;
        if (Math.abs(image.data()[p * 3] - grey) > 0.02
            || Math.abs(image.data()[p * 3 + 2] - grey) > 0.02) {
          differing++;
        }
      }
    }
    assertTrue(differing > 0.8 * body, differing + " of " + body + " body pixels");
  }

  @Test
  void camerasFrameTheWholeBody() {
    BodyRig rig = new BodyRig(body.model());
    double[] pixel = new double[2];
    for (String id : first.frameIds()) {
      SmplxParams params = first.params(id);
      PosedBody posed = rig.forward(params);
      PinholeCamera camera = first.camera(id);
      double[] joints = posed.joints();
      for (int j = 0; j < joints.length / 3; j++) {
        double depth =
            camera.project(
                new double[] {joints[j * 3], joints[j * 3 + 1], joints[j * 3 + 2]}, pixel);
        assertTrue(depth > 0, id + " joint " + j + " in front");
        assertTrue(
            pixel[0] > 0 && pixel[0] < camera.width(), id + " joint " + j + " x " + pixel[0]);
        assertTrue(
            pixel[1] > 0 && pixel[1] < camera.height(), id + " joint " + j + " y " + pixel[1]);
      }
      // Vertical field of view 45 degrees.
      assertEquals(0.5 * camera.height() / Math.tan(Math.toRadians(22.5)), camera.fy(), 1e-9);
    }
  }

  @Test
  void thePhotoShowsTheBodyLargeAndUpright() throws IOException {
    float[] mask = first.mask("00000").data();
    int w = 128;
    int top = Integer.MAX_VALUE;
    int bottom = -1;
    for (int p = 0; p < mask.length; p++) {
      if (mask[p] > 0) {
        top = Math.min(top, p / w);
        bottom = Math.max(bottom, p / w);
      }
    }
    // The body's height fills the frame less the 5% margins (the box is fitted in height for a
    // standing body in a wide-enough image); allow a pixel for coverage at the edges.
    assertTrue(bottom - top + 1 >= 0.85 * 96, "body spans rows " + top + ".." + bottom);
  }

  @Test
  void aBodyWithoutUvsIsPaintedPerPixel() throws IOException {
    BodyModel m = body.model();
    BodyModel noUvs =
        BodyModel.of(
            "no-uvs",
            m.templateVertices(),
            m.faces(),
            m.shapeDirs(),
            m.shapeCount(),
            m.expressionCount(),
            m.poseDirs(),
            m.jointRegressor(),
            m.parents(),
            m.skinWeights(),
            null,
            null);
    Dataset dataset =
        SyntheticSubject.generate(
            noUvs,
            null,
            options.withFrames(0, 1, 0).withSize(48, 64),
            dir.resolve("c"),
            ProgressListener.NONE);

    Image image = dataset.image("00000");
    float[] mask = dataset.mask("00000").data();
    double grey = SyntheticSubject.BACKGROUND.r();
    int painted = 0;
    for (int p = 0; p < mask.length; p++) {
      if (mask[p] == 1 && Math.abs(image.data()[p * 3] - grey) > 0.02) {
        painted++;
      }
    }
    assertTrue(painted > 100, painted + " painted pixels");
    assertTrue(Files.notExists(dataset.folder().resolve(SyntheticSubject.TEXTURE_FILE)));
  }
}
