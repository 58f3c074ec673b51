package dev.persona.core.dataset.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.image.Image;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SurfacePaintTest {
  private static ProceduralBody body;
  private static RestGeometry derived;
  private static RestGeometry labelled;

  @BeforeAll
  static void create() {
    body = ProceduralBody.create();
    derived = RestGeometry.of(body.model());
    labelled = RestGeometry.of(body.model(), ProceduralLimbs.of(body));
  }

  /**
   * The limbs derived from geometry alone (nearest bone) are checked against the procedural body's
   * own part labels, an independent segmentation: they must agree on most vertices (boundaries
   * between parts are placed differently, so not all).
   */
  @Test
  void limbsFromGeometryAgreeWithThePartLabels() {
    int agree = 0;
    int n = body.model().vertexCount();
    for (int v = 0; v < n; v++) {
      if (derived.limbOfVertex(v) == labelled.limbOfVertex(v)) {
        agree++;
      }
    }
    assertTrue(agree > 0.85 * n, agree + " of " + n);
  }

  private static int extremeVertex(BodyModel model, int axis, boolean max) {
    float[] v = model.templateVertices();
    int best = 0;
    for (int i = 1; i < model.vertexCount(); i++) {
      if (max ? v[i * 3 + axis] > v[best * 3 + axis] : v[i * 3 + axis] < v[best * 3 + axis]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void outfitRegionsFallWhereClothesGo() {
    for (RestGeometry geometry : new RestGeometry[] {derived, labelled}) {
      SurfacePaint paint = new SurfacePaint(geometry, Outfit.random(5, Fabric.CHECKS), true);
      float[] v = body.model().templateVertices();
      int top = extremeVertex(body.model(), 1, true);
      int bottom = extremeVertex(body.model(), 1, false);
      int fingertip = extremeVertex(body.model(), 0, true);
      assertEquals(BodyRegion.HAIR, region(paint, geometry, top, v));
      assertEquals(BodyRegion.SHOES, region(paint, geometry, bottom, v));
      assertEquals(BodyRegion.SKIN, region(paint, geometry, fingertip, v));
      // The front of the chest: halfway between the pelvis and neck joints, in front.
      double chestY = 0.5 * (geometry.joint(0, 1) + geometry.joint(12, 1));
      assertEquals(BodyRegion.SHIRT, paint.region(Limb.TORSO, 0, chestY, 0.1));
      // A thigh, below the hips.
      assertEquals(
          BodyRegion.TROUSERS,
          paint.region(Limb.LEFT_LEG, geometry.joint(4, 0), geometry.joint(4, 1) + 0.15, 0.05));
    }
  }

  private static BodyRegion region(SurfacePaint paint, RestGeometry g, int vertex, float[] v) {
    return paint.region(
        g.limbOfVertex(vertex), v[vertex * 3], v[vertex * 3 + 1], v[vertex * 3 + 2]);
  }

  @Test
  void stripesAlternateAlongTheTorsoAtTheOutfitsWidth() {
    Outfit outfit = Outfit.random(8, Fabric.STRIPES);
    SurfacePaint paint = new SurfacePaint(labelled, outfit, false);
    double[] rgb = new double[6];
    double w = outfit.stripeWidth();
    double y0 = labelled.joint(0, 1) + 0.3;
    // Sample the stripe centres a quarter period in; consecutive bands differ and alternate.
    double[][] colours = new double[4][];
    double start = Math.ceil((y0 - labelled.joint(0, 1)) / (2 * w)) * 2 * w + labelled.joint(0, 1);
    for (int k = 0; k < 4; k++) {
      paint.paint(Limb.TORSO, 0, start + (k + 0.5) * w * 0.98, 0.12, rgb);
      colours[k] = new double[] {rgb[0], rgb[1], rgb[2]};
    }
    // Weave noise changes values by at most 3%, stripes by far more.
    assertTrue(distance(colours[0], colours[1]) > 0.05);
    assertTrue(distance(colours[0], colours[2]) < 0.06 * (1 + norm(colours[0])));
  }

  private static double distance(double[] a, double[] b) {
    return Math.sqrt(
        (a[0] - b[0]) * (a[0] - b[0])
            + (a[1] - b[1]) * (a[1] - b[1])
            + (a[2] - b[2]) * (a[2] - b[2]));
  }

  private static double norm(double[] a) {
    return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  }

  @Test
  void bakingIsDeterministicForAnyThreadCountAndCoversTheAtlas() {
    SurfacePaint paint = new SurfacePaint(labelled, Outfit.random(3, null), true);
    Image one = UvTextureBaker.bake(body.model(), paint, 128, 1);
    Image three = UvTextureBaker.bake(body.model(), paint, 128, 3);
    assertArrayEquals(one.data(), three.data());
    Image again =
        UvTextureBaker.bake(
            body.model(), new SurfacePaint(labelled, Outfit.random(3, null), true), 128, 2);
    assertArrayEquals(one.data(), again.data());
    Image other =
        UvTextureBaker.bake(
            body.model(), new SurfacePaint(labelled, Outfit.random(4, null), true), 128, 2);
    assertTrue(!java.util.Arrays.equals(one.data(), other.data()), "another seed, another look");
    for (float value : one.data()) {
      assertTrue(value >= 0 && value <= 1.2f && Float.isFinite(value));
    }
  }

  @Test
  void patternNamesRoundTrip() {
    for (TexturePattern pattern : TexturePattern.values()) {
      assertEquals(pattern, TexturePattern.fromCliName(pattern.cliName()));
    }
    assertEquals(TexturePattern.OUTFIT_PRINT, TexturePattern.fromCliName("outfit-print"));
  }
}
