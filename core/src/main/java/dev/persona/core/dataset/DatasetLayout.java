package dev.persona.core.dataset;

import java.nio.file.Path;

/**
 * Where each file of a dataset lives inside its folder. The layout (see {@code
 * docs/formats/dataset.md}):
 *
 * <pre>
 * dataset.json          {"photo": "NNNNN", "frames": {"NNNNN": {"split": "photo"|"train"|"test"}}, ...}
 * cameras.json          {"NNNNN": camera object}
 * images/NNNNN.png      the frame, 8-bit sRGB
 * masks/NNNNN.png       the person's silhouette, 8-bit grey, linear coverage
 * smplx/NNNNN.json      SMPL-X parameters of the person in that frame
 * </pre>
 */
public final class DatasetLayout {
  private DatasetLayout() {}

  public static final String DESCRIPTION = "dataset.json";
  public static final String CAMERAS = "cameras.json";
  public static final String IMAGES = "images";
  public static final String MASKS = "masks";
  public static final String SMPLX = "smplx";

  public static Path description(Path folder) {
    return folder.resolve(DESCRIPTION);
  }

  public static Path cameras(Path folder) {
    return folder.resolve(CAMERAS);
  }

  public static Path image(Path folder, String id) {
    return folder.resolve(IMAGES).resolve(id + ".png");
  }

  public static Path mask(Path folder, String id) {
    return folder.resolve(MASKS).resolve(id + ".png");
  }

  public static Path params(Path folder, String id) {
    return folder.resolve(SMPLX).resolve(id + ".json");
  }
}
