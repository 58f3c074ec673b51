package dev.persona.core.raster;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;

/**
 * Lambert diffuse plus ambient shading of rasterized normals, for renders a person looks at (body
 * previews, debugging). Intensity {@code ambient + diffuse * max(0, n . l)} with {@code n} the
 * interpolated normal renormalised (interpolation shortens it) and {@code l} the unit direction
 * towards the light, both in the same frame (usually world). Immutable.
 */
public final class Shading {
  private final double lightX;
  private final double lightY;
  private final double lightZ;
  private final double ambient;
  private final double diffuse;

  /**
   * @param towardsLight direction from the surface towards a distant light, in the normals' frame;
   *     normalised here
   * @param ambient intensity where the light does not reach, in [0, 1]
   * @param diffuse intensity added for a surface facing the light, in [0, 1]
   */
  public Shading(double[] towardsLight, double ambient, double diffuse) {
    double length = Math.sqrt(dot(towardsLight, towardsLight));
    if (!(length > 0) || Double.isInfinite(length)) {
      throw new IllegalArgumentException("light direction must be a finite non-zero vector");
    }
    this.lightX = towardsLight[0] / length;
    this.lightY = towardsLight[1] / length;
    this.lightZ = towardsLight[2] / length;
    this.ambient = ambient;
    this.diffuse = diffuse;
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  /**
   * A light at the camera (a "headlight"): world-frame direction towards the camera along its
   * optical axis, ambient 0.25, diffuse 0.75, so surfaces facing the camera are brightest.
   */
  public static Shading headlight(PinholeCamera camera) {
    // The optical axis in world coordinates is the third row of the world-to-camera rotation.
    double[] towardsCamera = {
      -camera.worldToCamera(2, 0), -camera.worldToCamera(2, 1), -camera.worldToCamera(2, 2)
    };
    return new Shading(towardsCamera, 0.25, 0.75);
  }

  /** Intensity for a normal (any length, non-zero); 0-length normals get the ambient term. */
  public double intensity(double nx, double ny, double nz) {
    double length = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (!(length > 0)) {
      return ambient;
    }
    double cosine = (nx * lightX + ny * lightY + nz * lightZ) / length;
    return ambient + diffuse * Math.max(0.0, cosine);
  }

  /**
   * Shades a uniform base colour.
   *
   * @param normalChannel the attribute channel where the (x, y, z) normal starts
   * @return RGBA, straight alpha = coverage; empty pixels are (0, 0, 0, 0)
   */
  public Image shade(RasterResult result, int normalChannel, float red, float green, float blue) {
    return shade(result, normalChannel, null, red, green, blue);
  }

  /**
   * Shades the result's texture colour (its first three channels; one-channel textures as grey).
   *
   * @param normalChannel the attribute channel where the (x, y, z) normal starts
   * @return RGBA, straight alpha = coverage; empty pixels are (0, 0, 0, 0)
   */
  public Image shadeTextured(RasterResult result, int normalChannel) {
    if (result.color() == null) {
      throw new IllegalArgumentException("the result has no texture colour");
    }
    return shade(result, normalChannel, result.color(), 0, 0, 0);
  }

  private Image shade(
      RasterResult result, int normalChannel, float[] base, float red, float green, float blue) {
    int channels = result.attributeChannels();
    if (result.attributes() == null || normalChannel < 0 || normalChannel + 3 > channels) {
      throw new IllegalArgumentException(
          "normals need attribute channels "
              + normalChannel
              + ".."
              + (normalChannel + 2)
              + ", the result has "
              + channels);
    }
    float[] attributes = result.attributes();
    float[] coverage = result.coverage();
    int colorChannels = result.colorChannels();
    int pixels = result.width() * result.height();
    float[] out = new float[pixels * 4];
    for (int p = 0; p < pixels; p++) {
      if (coverage[p] == 0) {
        continue;
      }
      int n = p * channels + normalChannel;
      float shade = (float) intensity(attributes[n], attributes[n + 1], attributes[n + 2]);
      float r = red;
      float g = green;
      float b = blue;
      if (base != null) {
        int o = p * colorChannels;
        r = base[o];
        g = colorChannels >= 3 ? base[o + 1] : r;
        b = colorChannels >= 3 ? base[o + 2] : r;
      }
      out[p * 4] = Math.min(1f, r * shade);
      out[p * 4 + 1] = Math.min(1f, g * shade);
      out[p * 4 + 2] = Math.min(1f, b * shade);
      out[p * 4 + 3] = coverage[p];
    }
    return new Image(result.width(), result.height(), 4, out);
  }
}
