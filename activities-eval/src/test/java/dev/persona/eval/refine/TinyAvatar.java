package dev.persona.eval.refine;

import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.body.procedural.ProceduralBodyOptions;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.avatar.AvatarOptions;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small avatar on the coarse built-in body with random per-Gaussian colours (texture the
 * photometric loss can see), and a camera that frames the body from the front.
 */
final class TinyAvatar {
  final CanonicalAvatar avatar;
  final AvatarParameters parameters;

  TinyAvatar(long seed) {
    this(seed, false);
  }

  /**
   * @param sparse learned opacity, with only every 100th Gaussian visible (opacity 0.27 to 0.73, 10
   *     cm across: about a pixel at 24 pixels), the rest at opacity logit -30 (below the
   *     rasterizer's 1/255 cut-off everywhere): few overlapping footprints, so a finite difference
   *     rarely crosses a cut-off
   */
  TinyAvatar(long seed, boolean sparse) {
    ProceduralBody body = ProceduralBody.create(new ProceduralBodyOptions(0.025));
    AvatarOptions options =
        AvatarOptions.paper().withSubdivisionLevels(0).withNetwork(4, 16, 16, 2, 4);
    avatar =
        CanonicalAvatar.create(
            body.model(), new double[0], sparse ? options.withGaussians(0, false, true) : options);
    parameters = new AvatarPoser(avatar).initialParameters(seed);
    SplittableRandom random = new SplittableRandom(seed);
    float[] sh = parameters.sh();
    for (int i = 0; i < sh.length; i++) {
      sh[i] = (float) random.nextDouble(-1.2, 1.2);
    }
    if (sparse) {
      float[] logit = parameters.opacityLogit();
      for (int i = 0; i < logit.length; i++) {
        logit[i] = i % 100 == 0 ? (float) random.nextDouble(-1, 1) : -30f;
      }
      Arrays.fill(parameters.logScale(), (float) Math.log(0.1));
    }
  }

  /**
   * A front view of the standing body (about 1.7 m tall around y = 0) filling most of the frame.
   */
  static PinholeCamera front(int size) {
    return PinholeCamera.lookAt(
        new double[] {0, 0.0, 3.2},
        new double[] {0, 0.0, 0},
        new double[] {0, 1, 0},
        size,
        size,
        40);
  }
}
