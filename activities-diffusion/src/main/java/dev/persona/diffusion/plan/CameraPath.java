package dev.persona.diffusion.plan;

import dev.persona.core.InvalidInputException;
import java.util.Locale;

/** Where each synthesised frame is seen from. */
public enum CameraPath {
  /** Every frame from the photo's own camera: the view the user knows, pose varies. */
  FIXED,
  /**
   * Around the body's vertical axis at the photo camera's distance and height: the photo camera
   * turned about the axis through the fitted body's pelvis, so framing and elevation stay the
   * photo's while the azimuth sweeps.
   */
  ORBIT;

  /** The name the command line and {@code dataset.json} use. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws InvalidInputException MALFORMED for another name
   */
  public static CameraPath fromCliName(String name) {
    for (CameraPath path : values()) {
      if (path.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return path;
      }
    }
    throw new InvalidInputException(
        InvalidInputException.Reason.MALFORMED,
        "camera path must be 'fixed' or 'orbit', got '" + name + "'");
  }
}
