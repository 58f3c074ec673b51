package dev.persona.core.dataset.synth;

import dev.persona.core.body.SmplxJoints;

/**
 * The albedo of a synthetic subject at any point of its rest-pose surface: a solid texture
 * evaluated from the point's rest position and limb, so it is continuous across UV seams, has the
 * same physical scale on every body part, and can be baked into any UV layout (see {@link
 * UvTextureBaker}) or evaluated per pixel.
 *
 * <p>Fabrics are drawn in each limb's cylindrical coordinates ({@link RestGeometry}): stripes run
 * around limbs and the torso like knitted bands; checks and prints use (along, around) in metres.
 * Outfits split the surface into {@link BodyRegion}s by landmarks of the rest skeleton: hair above
 * a hairline that runs from above the eyes down to the nape, the shirt from the collar to a waist
 * line a fifth of the way from the pelvis to the neck, sleeves to a fraction of the arm, trousers
 * to just above the ankles, shoes below. Fine detail (a face with eyes, irises, brows and lips;
 * hair strands; trouser twill; a belt and buckle; shoe soles and laces) gives evaluation something
 * to measure. Thread-safe: immutable after construction.
 */
public final class SurfacePaint {
  private static final Rgb PUPIL = new Rgb(0.01, 0.01, 0.01);
  private static final Rgb EYE_WHITE = new Rgb(0.85, 0.85, 0.82);
  private static final Rgb BUCKLE = new Rgb(0.55, 0.5, 0.35);

  private final RestGeometry geometry;
  private final Outfit outfit;
  private final boolean clothed;
  private final double neckY;
  private final double waistY;
  private final double[] ankleY = new double[2];
  private final double soleY;
  private final double[] armLength = new double[2];
  private final double headY;
  private final double headZ;
  private final double eyeY;
  private final double eyeZ;
  private final double[] eyeX = new double[2];
  private final double eyeGap;
  private final double napeY;

  /**
   * @param clothed paint an outfit by regions; otherwise the outfit's shirt fabric covers the body
   */
  public SurfacePaint(RestGeometry geometry, Outfit outfit, boolean clothed) {
    this.geometry = geometry;
    this.outfit = outfit;
    this.clothed = clothed;
    int neck = SmplxJoints.index("neck");
    int pelvis = SmplxJoints.PELVIS;
    neckY = geometry.joint(neck, 1);
    waistY = geometry.joint(pelvis, 1) + 0.2 * (neckY - geometry.joint(pelvis, 1));
    ankleY[0] = geometry.joint(SmplxJoints.index("left_ankle"), 1);
    ankleY[1] = geometry.joint(SmplxJoints.index("right_ankle"), 1);
    armLength[0] = distance(geometry, "left_shoulder", "left_wrist");
    armLength[1] = distance(geometry, "right_shoulder", "right_wrist");
    float[] v = geometry.vertices();
    double minY = Double.POSITIVE_INFINITY;
    for (int i = 1; i < v.length; i += 3) {
      minY = Math.min(minY, v[i]);
    }
    soleY = minY + 0.02;
    int head = SmplxJoints.index("head");
    headY = geometry.joint(head, 1);
    headZ = geometry.joint(head, 2);
    eyeX[0] = geometry.joint(SmplxJoints.LEFT_EYE, 0);
    eyeX[1] = geometry.joint(SmplxJoints.RIGHT_EYE, 0);
    eyeY =
        0.5 * (geometry.joint(SmplxJoints.LEFT_EYE, 1) + geometry.joint(SmplxJoints.RIGHT_EYE, 1));
    eyeZ =
        0.5 * (geometry.joint(SmplxJoints.LEFT_EYE, 2) + geometry.joint(SmplxJoints.RIGHT_EYE, 2));
    eyeGap = Math.max(0.03, Math.abs(eyeX[0] - eyeX[1]));
    napeY = headY - 0.02;
  }

  private static double distance(RestGeometry g, String a, String b) {
    int i = SmplxJoints.index(a);
    int j = SmplxJoints.index(b);
    double dx = g.joint(i, 0) - g.joint(j, 0);
    double dy = g.joint(i, 1) - g.joint(j, 1);
    double dz = g.joint(i, 2) - g.joint(j, 2);
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  public RestGeometry geometry() {
    return geometry;
  }

  public Outfit outfit() {
    return outfit;
  }

  /** The region covering a rest-pose point of the given limb (every point is SHIRT unclothed). */
  public BodyRegion region(Limb limb, double x, double y, double z) {
    double[] c = new double[3];
    geometry.cylindrical(limb, x, y, z, c);
    return regionAt(limb, y, z, c[0]);
  }

  /** The region, given the point's distance {@code along} its limb's axis. */
  private BodyRegion regionAt(Limb limb, double y, double z, double along) {
    if (!clothed) {
      return BodyRegion.SHIRT;
    }
    return switch (limb) {
      case HEAD -> isHair(y, z) ? BodyRegion.HAIR : BodyRegion.SKIN;
      case TORSO ->
          y > neckY - 0.025 ? BodyRegion.SKIN : y < waistY ? BodyRegion.TROUSERS : BodyRegion.SHIRT;
      case LEFT_ARM -> along < outfit.sleeve() * armLength[0] ? BodyRegion.SHIRT : BodyRegion.SKIN;
      case RIGHT_ARM -> along < outfit.sleeve() * armLength[1] ? BodyRegion.SHIRT : BodyRegion.SKIN;
      case LEFT_HAND, RIGHT_HAND -> BodyRegion.SKIN;
      case LEFT_LEG -> y < ankleY[0] + 0.04 ? BodyRegion.SHOES : BodyRegion.TROUSERS;
      case RIGHT_LEG -> y < ankleY[1] + 0.04 ? BodyRegion.SHOES : BodyRegion.TROUSERS;
      case LEFT_FOOT, RIGHT_FOOT -> BodyRegion.SHOES;
    };
  }

  /**
   * The hairline runs from 5.5 cm above the eyes at the front (the forehead) down to just below the
   * head joint at the back (the nape), linearly in depth between them.
   */
  private boolean isHair(double y, double z) {
    double front = eyeZ - 0.04;
    double back = headZ - 0.03;
    double t = Math.max(0, Math.min(1, (z - back) / (front - back)));
    double hairline = napeY + t * (eyeY + 0.055 - napeY);
    return y > hairline;
  }

  /**
   * The albedo at a rest-pose point.
   *
   * @param limb the point's limb (see {@link RestGeometry#limbOfVertex})
   * @param rgb {@code [6]}: receives linear RGB in 0..2; 3..5 are scratch, so that painting
   *     millions of texels allocates nothing
   */
  public void paint(Limb limb, double x, double y, double z, double[] rgb) {
    RestGeometry.cylindrical(geometry.frames(), limb.ordinal(), x, y, z, rgb, 3);
    double along = rgb[3];
    double angle = rgb[4];
    double around = angle * geometry.radius(limb);
    switch (regionAt(limb, y, z, along)) {
      case SKIN -> skin(limb, x, y, z, along, around, rgb);
      case HAIR -> hair(along, around, rgb);
      case SHIRT -> fabric(along, around, rgb);
      case TROUSERS -> trousers(y, angle, along, around, rgb);
      case SHOES -> shoes(limb, y, angle, along, rgb);
    }
  }

  private static void set(double[] rgb, Rgb colour, double scale) {
    rgb[0] = colour.r() * scale;
    rgb[1] = colour.g() * scale;
    rgb[2] = colour.b() * scale;
  }

  private static void mix(double[] rgb, Rgb a, Rgb b, double t) {
    rgb[0] = a.r() + (b.r() - a.r()) * t;
    rgb[1] = a.g() + (b.g() - a.g()) * t;
    rgb[2] = a.b() + (b.b() - a.b()) * t;
  }

  private static double frac(double v) {
    return v - Math.floor(v);
  }

  private void skin(
      Limb limb, double x, double y, double z, double along, double around, double[] rgb) {
    // Low-frequency mottling (3 cm) so skin is not a flat colour, +-4%.
    double mottle = 0.96 + 0.08 * Hashing.noise(outfit.seed() + 1, along / 0.03, around / 0.03);
    set(rgb, outfit.skin(), mottle);
    if (limb == Limb.HEAD && z > eyeZ - 0.035) {
      face(x, y, rgb);
    }
  }

  /** Eyes (white, iris, pupil), brows and lips, sized by the distance between the eyes. */
  private void face(double x, double y, double[] rgb) {
    double d = eyeGap;
    for (int side = 0; side < 2; side++) {
      double ex = (x - eyeX[side]) / (0.24 * d);
      double ey = (y - eyeY) / (0.11 * d);
      if (ex * ex + ey * ey < 1) {
        double r = Math.hypot(x - eyeX[side], y - eyeY);
        if (r < 0.035 * d) {
          set(rgb, PUPIL, 1);
        } else if (r < 0.1 * d) {
          set(rgb, outfit.iris(), 1);
        } else {
          set(rgb, EYE_WHITE, 1);
        }
        return;
      }
      double bx = (x - eyeX[side]) / (0.3 * d);
      double by = (y - eyeY - 0.33 * d - 0.06 * d * (1 - bx * bx)) / (0.055 * d);
      if (bx * bx + by * by < 1) {
        set(rgb, outfit.hair(), 0.8);
        return;
      }
    }
    double mx = x - 0.5 * (eyeX[0] + eyeX[1]);
    double lx = mx / (0.42 * d);
    double ly = (y - (eyeY - 1.05 * d)) / (0.1 * d);
    if (lx * lx + ly * ly < 1) {
      set(rgb, outfit.lips(), Math.abs(ly) < 0.15 ? 0.55 : 1);
    }
  }

  private void hair(double along, double around, double[] rgb) {
    // Strands: noise stretched 40x along the head's axis, about 2.5 mm across.
    double strand = Hashing.noise(outfit.seed() + 2, around / 0.0025, along / 0.1);
    set(rgb, outfit.hair(), 0.7 + 0.6 * strand);
  }

  private void fabric(double along, double around, double[] rgb) {
    double w = outfit.stripeWidth();
    switch (outfit.shirtFabric()) {
      case STRIPES -> {
        double t = frac(along / (2 * w));
        if (t > 0.5 && t < 0.58) {
          set(rgb, outfit.accent(), 1);
        } else {
          set(rgb, t < 0.5 ? outfit.shirtA() : outfit.shirtB(), 1);
        }
      }
      case CHECKS -> {
        double ta = frac(along / (2 * w));
        double tb = frac(around / (2 * w));
        int bands = (ta < 0.5 ? 1 : 0) + (tb < 0.5 ? 1 : 0);
        mix(rgb, outfit.shirtA(), outfit.shirtB(), bands * 0.5);
        if (ta < 0.04 || tb < 0.04) {
          set(rgb, outfit.accent(), 1);
        }
      }
      case PRINT -> print(along, around, rgb);
    }
    // Weave: +-3% at 1.5 mm, the fabric's fine texture.
    double weave = 0.97 + 0.06 * Hashing.noise(outfit.seed() + 3, along / 0.0015, around / 0.0015);
    rgb[0] *= weave;
    rgb[1] *= weave;
    rgb[2] *= weave;
  }

  /**
   * One motif per cell of a square lattice (side {@link Outfit#motifCell}), its kind, colour, size
   * and offset drawn from the cell's hash: dot, ring, cross, a row of text-like marks, or nothing.
   */
  private void print(double along, double around, double[] rgb) {
    double cell = outfit.motifCell();
    long i = (long) Math.floor(along / cell);
    long j = (long) Math.floor(around / cell);
    long h = Hashing.hash(outfit.seed() + 4, i, j);
    double u = (along / cell - i) - 0.5 - 0.2 * (Hashing.unit(Hashing.mix(h + 1)) - 0.5);
    double v = (around / cell - j) - 0.5 - 0.2 * (Hashing.unit(Hashing.mix(h + 2)) - 0.5);
    double size = 0.18 + 0.14 * Hashing.unit(Hashing.mix(h + 3));
    Rgb ink = Hashing.unit(Hashing.mix(h + 4)) < 0.6 ? outfit.shirtB() : outfit.accent();
    boolean hit =
        switch ((int) ((h >>> 60) % 5)) {
          case 0 -> u * u + v * v < size * size;
          case 1 -> Math.abs(Math.hypot(u, v) - size) < 0.05;
          case 2 ->
              (Math.abs(u) < 0.04 || Math.abs(v) < 0.04)
                  && Math.max(Math.abs(u), Math.abs(v)) < size;
          case 3 -> textMarks(h, u, v);
          default -> false;
        };
    set(rgb, hit ? ink : outfit.shirtA(), 1);
  }

  /**
   * A line of "text": 3 to 6 marks of varying height around the limb, like letters of a word.
   * {@code u, v} are cell-relative (the cell spans -0.5..0.5); the line runs along {@code v}.
   */
  private static boolean textMarks(long h, double u, double v) {
    int marks = 3 + (int) ((h >>> 8) & 3);
    double pitch = 0.75 / marks;
    double start = -0.375;
    int k = (int) Math.floor((v - start) / pitch);
    if (k < 0 || k >= marks) {
      return false;
    }
    double within = (v - start) / pitch - k;
    double height = 0.08 + 0.1 * (((h >>> (16 + 3 * k)) & 7) / 7.0);
    return within > 0.2 && within < 0.75 && Math.abs(u) < height;
  }

  private void trousers(double y, double angle, double along, double around, double[] rgb) {
    if (y > waistY - 0.035) {
      // Belt, with a buckle at the front.
      if (Math.abs(angle) < 0.18) {
        set(rgb, BUCKLE, 1);
      } else {
        set(rgb, outfit.belt(), 1);
      }
      return;
    }
    // Twill: diagonal ribs every 5 mm, +-5%, and a darker side seam.
    double twill = frac((along + around) / 0.005) < 0.5 ? 0.95 : 1.05;
    double seam = Math.abs(Math.abs(angle) - Math.PI / 2) < 0.03 ? 0.7 : 1;
    set(rgb, outfit.trousers(), twill * seam);
  }

  private void shoes(Limb limb, double y, double angle, double along, double[] rgb) {
    if (y < soleY) {
      set(rgb, outfit.sole(), 1);
      return;
    }
    boolean foot = limb == Limb.LEFT_FOOT || limb == Limb.RIGHT_FOOT;
    // Laces: light bars across the top of the instep, every 1.2 cm.
    if (foot
        && Math.abs(angle) < 0.35
        && along > 0.02
        && along < 0.09
        && frac(along / 0.012) < 0.35) {
      set(rgb, outfit.sole(), 0.9);
      return;
    }
    set(rgb, outfit.shoes(), 1);
  }
}
