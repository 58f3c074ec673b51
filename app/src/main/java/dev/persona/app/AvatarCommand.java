package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.SmplxParamsJson;
import dev.persona.core.camera.CameraJson;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.camera.ViewSpec;
import dev.persona.core.image.ImageIo;
import dev.persona.core.motion.Motion;
import dev.persona.core.motion.MotionFiles;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.avatar.render.AvatarAnimation;
import dev.persona.splat.avatar.render.AvatarRenderer;
import dev.persona.splat.avatar.render.Background;
import dev.persona.splat.raster.RenderSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./persona avatar ...}: the animatable Gaussian avatar (docs/avatar.md). */
@Command(
    name = "avatar",
    description = "The animatable Gaussian avatar: train it on a dataset, render and animate it.",
    mixinStandardHelpOptions = true,
    subcommands = {AvatarTrain.class, AvatarCommand.Render.class})
final class AvatarCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(
      name = "render",
      description =
          "Render an avatar bundle at SMPL-X parameters (one PNG with alpha) or along a motion"
              + " (numbered PNGs and a looping animation.gif, or one .gif).")
  static final class Render implements Callable<Integer> {
    @Option(names = "--avatar", required = true, description = "avatar bundle folder")
    Path avatar;

    @ArgGroup(exclusive = true)
    PoseChoice pose = new PoseChoice();

    static final class PoseChoice {
      @Option(
          names = "--params",
          description = "SMPL-X parameters JSON (default: the canonical pose, arms out)")
      Path params;

      @Option(
          names = "--motion",
          description =
              "a built-in motion (turn, walk, arms, squat, reach), a JSON list of SMPL-X"
                  + " parameters or an AMASS .npz")
      String motion;
    }

    @ArgGroup(exclusive = true)
    CameraChoice camera = new CameraChoice();

    static final class CameraChoice {
      @Option(names = "--camera", description = "camera JSON (the dataset layout's camera object)")
      Path file;

      @Option(
          names = "--view",
          description = "front, side, back or orbit:DEG (default: front), framed on the body")
      String view;
    }

    @Option(names = "--size", description = "WxH when framing a --view (default: 512x512)")
    String size = "512x512";

    @Option(names = "--background", description = "white (default) or black")
    String background = "white";

    @Option(names = "--fps", description = "frame rate of a motion's frames (default: 30)")
    double fps = MotionFiles.DEFAULT_FRAME_RATE;

    @Option(
        names = "--ply",
        description =
            "also write the posed Gaussians as .ply: next to the PNG (same name), or one per frame")
    boolean ply;

    @Option(names = "--threads", description = "rendering threads (default: all processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
        names = "--out",
        required = true,
        description = "PNG for one frame; for a motion a folder (frames + animation.gif) or a .gif")
    Path out;

    @Override
    public Integer call() throws IOException {
      if (!(fps > 0) || fps > 1000) {
        throw bad("--fps must be in (0, 1000], got " + fps);
      }
      if (threads < 1) {
        throw bad("--threads must be at least 1, got " + threads);
      }
      RenderSettings settings =
          background().applyTo(RenderSettings.defaults().withThreads(threads));
      AvatarBundle bundle = AvatarBundle.read(avatar);
      try (AvatarRenderer renderer =
          new AvatarRenderer(bundle.avatar(), bundle.parameters(), settings)) {
        if (pose.motion != null) {
          renderMotion(renderer, MotionFiles.resolve(pose.motion, fps));
        } else {
          renderFrame(
              renderer,
              pose.params == null ? SmplxParams.zero() : SmplxParamsJson.read(pose.params));
        }
      }
      return 0;
    }

    private void renderFrame(AvatarRenderer renderer, SmplxParams params) throws IOException {
      PinholeCamera cam =
          camera.file != null
              ? CameraJson.read(camera.file)
              : renderer.frame(view(), params, width(), height());
      ImageIo.writePng(out, renderer.render(params, cam));
      System.out.println("wrote " + out + " (" + cam.width() + "x" + cam.height() + ")");
      if (ply) {
        Path plyFile = out.resolveSibling(stem(out.getFileName().toString()) + ".ply");
        renderer.exportPosedPly(params, plyFile);
        System.out.println("wrote " + plyFile + " (" + renderer.avatar().count() + " Gaussians)");
      }
    }

    private void renderMotion(AvatarRenderer renderer, Motion motion) throws IOException {
      boolean gifOnly = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif");
      if (gifOnly && ply) {
        throw bad("--ply with a motion writes one .ply per frame: give a folder as --out");
      }
      PinholeCamera cam =
          camera.file != null
              ? CameraJson.read(camera.file)
              : renderer.frame(view(), motion, width(), height());
      AvatarAnimation.Outputs outputs =
          gifOnly
              ? new AvatarAnimation.Outputs(null, out, false)
              : AvatarAnimation.Outputs.folder(out, ply);
      AvatarAnimation.render(renderer, motion, cam, outputs, new ConsoleProgress("render"));
      System.out.printf(
          Locale.ROOT,
          "wrote %d frames of '%s' at %.3g fps (%dx%d) to %s%n",
          motion.frameCount(),
          motion.name(),
          motion.frameRate(),
          cam.width(),
          cam.height(),
          gifOnly
              ? out
              : out + " (PNGs" + (ply ? ", PLYs" : "") + " and " + AvatarAnimation.GIF + ")");
    }

    private Background background() {
      try {
        return Background.valueOf(background.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw bad("--background must be white or black, got '" + background + "'");
      }
    }

    private ViewSpec view() {
      return ViewSpec.parse(camera.view == null ? "front" : camera.view);
    }

    private int width() {
      return ImageSize.parse(size)[0];
    }

    private int height() {
      return ImageSize.parse(size)[1];
    }

    private static String stem(String name) {
      int dot = name.lastIndexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    }

    private static InvalidInputException bad(String message) {
      return new InvalidInputException(InvalidInputException.Reason.MALFORMED, message);
    }
  }
}
