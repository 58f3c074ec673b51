package dev.persona.core.camera;

import dev.persona.core.InvalidInputException;
import dev.persona.core.mesh.BoundingBox;

/**
 * A named view of a posed body, as the command line's {@code --view} spells it: {@code front},
 * {@code side} (the body's left, camera on +x), {@code back}, or {@code orbit:DEG} (azimuth in
 * degrees, 0 = front, positive towards the body's left), framed on what it looks at. Shared by the
 * body and avatar renders so that the same view name frames the same way everywhere.
 *
 * @param azimuthDegrees the camera's azimuth about the vertical axis, degrees
 */
public record ViewSpec(double azimuthDegrees) {
  /** Vertical field of view of every named view: a normal lens, little perspective distortion. */
  public static final double VERTICAL_FOV_DEGREES = 40;

  /** Empty space left around the body's bounding box, as a fraction of its size. */
  public static final double MARGIN = 1.15;

  /**
   * Parses a view name.
   *
   * @throws InvalidInputException MALFORMED naming the allowed values
   */
  public static ViewSpec parse(String text) {
    switch (text) {
      case "front" -> {
        return new ViewSpec(0);
      }
      case "side" -> {
        return new ViewSpec(90);
      }
      case "back" -> {
        return new ViewSpec(180);
      }
      default -> {
        if (text.startsWith("orbit:")) {
          try {
            return new ViewSpec(Double.parseDouble(text.substring("orbit:".length())));
          } catch (NumberFormatException e) {
            // fall through to the error below
          }
        }
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            "view must be front, side, back or orbit:DEGREES, got '" + text + "'");
      }
    }
  }

  /**
   * A camera looking at the centre of {@code vertices}' bounding box from this view's azimuth, far
   * enough that the whole box fits in the image with {@link #MARGIN}.
   *
   * @param vertices {@code [V*3]} world metres
   */
  public PinholeCamera frame(double[] vertices, int width, int height) {
    return frame(BoundingBox.of(vertices), width, height);
  }

  /**
   * A camera looking at the centre of {@code box} from this view's azimuth, far enough that the
   * whole box fits in the image with {@link #MARGIN}.
   *
   * @param box world metres (a motion's frames together, for a camera that stays put)
   */
  public PinholeCamera frame(BoundingBox box, int width, int height) {
    double[] centre = box.center();
    double radius = 0.5 * Math.max(box.sizeX(), Math.max(box.sizeY(), box.sizeZ()));
    // The bounding sphere of the box, seen under the smaller of the two fields of view.
    double halfBox = 0.5 * box.diagonal();
    double halfFov = Math.toRadians(VERTICAL_FOV_DEGREES) / 2;
    double halfFovNarrow = Math.atan(Math.tan(halfFov) * Math.min(1.0, (double) width / height));
    double distance = MARGIN * halfBox / Math.sin(halfFovNarrow);
    return PinholeCamera.orbit(
        centre,
        Math.max(distance, 2 * radius),
        azimuthDegrees,
        0,
        width,
        height,
        VERTICAL_FOV_DEGREES);
  }
}
