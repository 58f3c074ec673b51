package dev.persona.splat.avatar.render;

import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.camera.ViewSpec;
import dev.persona.core.image.Image;
import dev.persona.core.mesh.BoundingBox;
import dev.persona.core.motion.Motion;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.io.PlyFormat;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Poses an avatar with {@link AvatarPoser} and renders it with {@link CpuGaussianRasterizer}: any
 * SMPL-X parameters (the avatar keeps its own betas; pose, expression and translation come from the
 * parameters), any camera. Keeps the rasterizer's threads and buffers between frames; close it when
 * done. Not for concurrent use.
 */
public final class AvatarRenderer implements AutoCloseable {
  private final CanonicalAvatar avatar;
  private final AvatarParameters parameters;
  private final AvatarPoser poser;
  private final RenderSettings settings;
  private final CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer();

  /**
   * @param parameters the avatar's learned parameters (not copied: do not change them while
   *     rendering)
   * @param settings background, threads and the rest of the rasterizer's settings
   */
  public AvatarRenderer(
      CanonicalAvatar avatar, AvatarParameters parameters, RenderSettings settings) {
    this.avatar = avatar;
    this.parameters = parameters;
    this.poser = new AvatarPoser(avatar);
    this.settings = settings;
  }

  public CanonicalAvatar avatar() {
    return avatar;
  }

  public RenderSettings settings() {
    return settings;
  }

  /** The posed Gaussians: world metres, the layout of {@link Gaussians}. */
  public Gaussians pose(SmplxParams params) {
    return poser.pose(parameters, params).gaussians();
  }

  /**
   * Renders the posed avatar.
   *
   * @return {@code camera}'s size, 4 channels: linear RGB composited over the settings' background,
   *     and straight alpha from the rasterizer ({@code 1 - T_final})
   */
  public Image render(SmplxParams params, PinholeCamera camera) {
    return render(pose(params), camera);
  }

  /**
   * Renders Gaussians already posed by {@link #pose}; the image as {@link #render(SmplxParams,
   * PinholeCamera)}.
   */
  public Image render(Gaussians posed, PinholeCamera camera) {
    return rasterizer.render(posed, camera, settings).rgbaImage();
  }

  /** Writes the posed avatar as a standard 3DGS {@code .ply} (world metres), atomically. */
  public void exportPosedPly(SmplxParams params, Path file) throws IOException {
    PlyFormat.write(file, pose(params));
  }

  /** Writes Gaussians already posed by {@link #pose} as a standard 3DGS {@code .ply}. */
  public static void exportPly(Gaussians posed, Path file) throws IOException {
    PlyFormat.write(file, posed);
  }

  /**
   * The bounding box of the avatar's body at these parameters (its coarse posed mesh, with the
   * avatar's betas), world metres: what {@link ViewSpec#frame} frames.
   */
  public BoundingBox bodyBounds(SmplxParams params) {
    PosedBody body = avatar.rig().forward(params.withBetas(avatar.shaped().betas()));
    return BoundingBox.of(body.vertices());
  }

  /** A camera from {@code view} that frames the body at these parameters. */
  public PinholeCamera frame(ViewSpec view, SmplxParams params, int width, int height) {
    return view.frame(bodyBounds(params), width, height);
  }

  /**
   * A camera from {@code view} that frames the body in every frame of the motion, so that it stays
   * put while the body moves.
   */
  public PinholeCamera frame(ViewSpec view, Motion motion, int width, int height) {
    BoundingBox box = bodyBounds(motion.frame(0));
    for (int i = 1; i < motion.frameCount(); i++) {
      box = box.union(bodyBounds(motion.frame(i)));
    }
    return view.frame(box, width, height);
  }

  @Override
  public void close() {
    rasterizer.close();
  }
}
