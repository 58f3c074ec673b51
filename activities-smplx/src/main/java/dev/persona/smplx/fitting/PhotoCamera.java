package dev.persona.smplx.fitting;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.PhotoMetadata;

/**
 * The camera a photo is fitted with: fixed at the world origin, looking down the world's -z axis
 * with the world's +y up in the image (world-to-camera {@code diag(1, -1, -1)}: OpenCV's camera
 * axes are x right, y down, z forward), square pixels, principal point at the image centre. The
 * body moves instead ({@code transl}, {@code global_orient}); in SMPL-X's rest orientation it faces
 * +z, i.e. towards this camera.
 *
 * <p>Focal length: from the photo's EXIF 35 mm-equivalent focal length where present ({@code f_px =
 * f35 / 43.27 mm * image diagonal px}, since a 35 mm-equivalent focal is defined on the 36 x 24 mm
 * frame's 43.27 mm diagonal). Otherwise {@value #DEFAULT_FOCAL_35MM} mm equivalent, a diagonal
 * field of view of about 47 degrees (about 40 degrees along a portrait photo's long side): the
 * "normal" lens, between a phone's 24-28 mm main camera and the cropped or zoomed framing most
 * full-body photos end up with. A wrong focal length mostly trades off against the body's distance
 * (the 2D fit barely changes; the body's depth scales with it), which is why a middle value is the
 * safe default.
 */
public final class PhotoCamera {
  /** The default 35 mm-equivalent focal length, millimetres. */
  public static final double DEFAULT_FOCAL_35MM = 50;

  /** Diagonal of the 36 x 24 mm frame, millimetres. */
  static final double FULL_FRAME_DIAGONAL = Math.hypot(36, 24);

  private static final double[] WORLD_TO_CAMERA = {
    1, 0, 0, 0, //
    0, -1, 0, 0, //
    0, 0, -1, 0, //
    0, 0, 0, 1
  };

  private PhotoCamera() {}

  /** The camera for a {@code width x height} photo with this metadata. */
  public static PinholeCamera of(int width, int height, PhotoMetadata metadata) {
    return withFocal35mm(width, height, metadata.focalLength35mm().orElse(DEFAULT_FOCAL_35MM));
  }

  /** The camera for a photo taken with a lens of {@code focal35mm} mm (35 mm equivalent). */
  public static PinholeCamera withFocal35mm(int width, int height, double focal35mm) {
    double f = focal35mm / FULL_FRAME_DIAGONAL * Math.hypot(width, height);
    return withFocalPixels(width, height, f);
  }

  /** The camera with a focal length in pixels. */
  public static PinholeCamera withFocalPixels(int width, int height, double focalPixels) {
    return new PinholeCamera(
        width, height, focalPixels, focalPixels, 0.5 * width, 0.5 * height, WORLD_TO_CAMERA);
  }
}
