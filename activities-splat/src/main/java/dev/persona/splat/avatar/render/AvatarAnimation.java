package dev.persona.splat.avatar.render;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.AnimatedGifWriter;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.AtomicFiles;
import dev.persona.core.motion.Motion;
import dev.persona.core.progress.ProgressListener;
import dev.persona.splat.gaussian.Gaussians;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Renders a {@link Motion} frame by frame from one camera: numbered PNGs with alpha ({@code
 * 00000.png}, ...), optionally the posed Gaussians of each frame as {@code .ply}, and an animated
 * GIF that loops, timed by the motion's frame rate. Frames are rendered one at a time and not kept,
 * so memory does not grow with the motion's length.
 */
public final class AvatarAnimation {
  /** The GIF's name inside a frames folder. */
  public static final String GIF = "animation.gif";

  /**
   * What to write: {@code frames} a folder for the PNGs (and PLYs), or null for none; {@code gif}
   * the animated GIF, or null for none; {@code ply} whether to write each frame's posed Gaussians
   * next to its PNG (needs {@code frames}).
   */
  public record Outputs(Path frames, Path gif, boolean ply) {
    public Outputs {
      if (frames == null && gif == null) {
        throw new IllegalArgumentException("nothing to write: neither frames nor a GIF");
      }
      if (ply && frames == null) {
        throw new IllegalArgumentException("per-frame .ply files need a frames folder");
      }
    }

    /** The usual choice: PNGs, PLYs if asked, and {@value #GIF} in one folder. */
    public static Outputs folder(Path folder, boolean ply) {
      return new Outputs(folder, folder.resolve(GIF), ply);
    }
  }

  private AvatarAnimation() {}

  /** The file name of frame {@code index}: five digits, as dataset frames are named. */
  public static String frameName(int index, String extension) {
    return String.format(Locale.ROOT, "%05d.%s", index, extension);
  }

  /**
   * Renders every frame of {@code motion}.
   *
   * @param progress told after each frame (frames done of total)
   */
  public static void render(
      AvatarRenderer renderer,
      Motion motion,
      PinholeCamera camera,
      Outputs outputs,
      ProgressListener progress)
      throws IOException {
    if (outputs.frames() != null) {
      Files.createDirectories(outputs.frames());
    }
    if (outputs.gif() == null) {
      renderFrames(renderer, motion, camera, outputs, null, progress);
      return;
    }
    Path parent = outputs.gif().toAbsolutePath().getParent();
    Files.createDirectories(parent);
    AtomicFiles.write(
        outputs.gif(),
        out -> {
          try (AnimatedGifWriter gif = new AnimatedGifWriter(out, motion.frameRate())) {
            renderFrames(renderer, motion, camera, outputs, gif, progress);
          }
        });
  }

  private static void renderFrames(
      AvatarRenderer renderer,
      Motion motion,
      PinholeCamera camera,
      Outputs outputs,
      AnimatedGifWriter gif,
      ProgressListener progress)
      throws IOException {
    int total = motion.frameCount();
    for (int i = 0; i < total; i++) {
      Gaussians posed = renderer.pose(motion.frame(i));
      Image frame = renderer.render(posed, camera);
      if (outputs.frames() != null) {
        ImageIo.writePng(outputs.frames().resolve(frameName(i, "png")), frame);
        if (outputs.ply()) {
          AvatarRenderer.exportPly(posed, outputs.frames().resolve(frameName(i, "ply")));
        }
      }
      if (gif != null) {
        gif.add(frame);
      }
      progress.progress(i + 1, total, "frame " + (i + 1) + " of " + total);
    }
  }
}
