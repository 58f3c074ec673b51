package dev.persona.smplx.perception;

import java.util.List;

/**
 * The 33 BlazePose body landmarks of one person (indices {@link #NOSE} ... {@link
 * #RIGHT_FOOT_INDEX}; "left" is the person's left).
 *
 * <p>Image landmarks are in the photo's pixels (x right, y down, pixel centres at integer + 0.5);
 * {@code z} is depth relative to the hip centre on the same pixel scale as x (smaller is nearer the
 * camera; rough). World landmarks are metric, origin at the hip centre, axes as the camera's
 * (OpenCV: x right, y down, z away from the camera), rotated with the region of interest back to
 * the photo's upright.
 *
 * @param x {@code [33]} pixels
 * @param y {@code [33]} pixels
 * @param z {@code [33]} pixels, relative depth
 * @param visibility {@code [33]} probability in [0, 1] that the landmark is visible (not occluded)
 * @param presence {@code [33]} probability in [0, 1] that the landmark is inside the photo
 * @param world {@code [33 * 3]} metres, x y z per landmark; empty when not known (e.g. keypoints
 *     read from OpenPose JSON)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; compared by no one
public record PoseLandmarks(
    float[] x, float[] y, float[] z, float[] visibility, float[] presence, float[] world) {
  public static final int COUNT = 33;

  public static final int NOSE = 0;
  public static final int LEFT_EYE_INNER = 1;
  public static final int LEFT_EYE = 2;
  public static final int LEFT_EYE_OUTER = 3;
  public static final int RIGHT_EYE_INNER = 4;
  public static final int RIGHT_EYE = 5;
  public static final int RIGHT_EYE_OUTER = 6;
  public static final int LEFT_EAR = 7;
  public static final int RIGHT_EAR = 8;
  public static final int MOUTH_LEFT = 9;
  public static final int MOUTH_RIGHT = 10;
  public static final int LEFT_SHOULDER = 11;
  public static final int RIGHT_SHOULDER = 12;
  public static final int LEFT_ELBOW = 13;
  public static final int RIGHT_ELBOW = 14;
  public static final int LEFT_WRIST = 15;
  public static final int RIGHT_WRIST = 16;
  public static final int LEFT_PINKY = 17;
  public static final int RIGHT_PINKY = 18;
  public static final int LEFT_INDEX = 19;
  public static final int RIGHT_INDEX = 20;
  public static final int LEFT_THUMB = 21;
  public static final int RIGHT_THUMB = 22;
  public static final int LEFT_HIP = 23;
  public static final int RIGHT_HIP = 24;
  public static final int LEFT_KNEE = 25;
  public static final int RIGHT_KNEE = 26;
  public static final int LEFT_ANKLE = 27;
  public static final int RIGHT_ANKLE = 28;
  public static final int LEFT_HEEL = 29;
  public static final int RIGHT_HEEL = 30;
  public static final int LEFT_FOOT_INDEX = 31;
  public static final int RIGHT_FOOT_INDEX = 32;

  /** Landmark names, index order, as MediaPipe spells them. */
  public static final List<String> NAMES =
      List.of(
          "nose",
          "left_eye_inner",
          "left_eye",
          "left_eye_outer",
          "right_eye_inner",
          "right_eye",
          "right_eye_outer",
          "left_ear",
          "right_ear",
          "mouth_left",
          "mouth_right",
          "left_shoulder",
          "right_shoulder",
          "left_elbow",
          "right_elbow",
          "left_wrist",
          "right_wrist",
          "left_pinky",
          "right_pinky",
          "left_index",
          "right_index",
          "left_thumb",
          "right_thumb",
          "left_hip",
          "right_hip",
          "left_knee",
          "right_knee",
          "left_ankle",
          "right_ankle",
          "left_heel",
          "right_heel",
          "left_foot_index",
          "right_foot_index");

  /** The skeleton's bones as landmark index pairs, for drawing. */
  private static final int[][] CONNECTIONS = {
    {0, 1}, {1, 2}, {2, 3}, {3, 7}, {0, 4}, {4, 5}, {5, 6}, {6, 8}, {9, 10}, {11, 12}, {11, 13},
    {13, 15}, {15, 17}, {15, 19}, {15, 21}, {17, 19}, {12, 14}, {14, 16}, {16, 18}, {16, 20},
    {16, 22}, {18, 20}, {11, 23}, {12, 24}, {23, 24}, {23, 25}, {24, 26}, {25, 27}, {26, 28},
    {27, 29}, {28, 30}, {29, 31}, {30, 32}, {27, 31}, {28, 32}
  };

  /** The skeleton's bones as landmark index pairs {@code [bones][2]} (a fresh copy). */
  public static int[][] connections() {
    int[][] out = new int[CONNECTIONS.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = CONNECTIONS[i].clone();
    }
    return out;
  }

  public PoseLandmarks {
    for (float[] a : new float[][] {x, y, z, visibility, presence}) {
      if (a.length != COUNT) {
        throw new IllegalArgumentException("need 33 values per field, got " + a.length);
      }
    }
    if (world.length != 0 && world.length != COUNT * 3) {
      throw new IllegalArgumentException("world landmarks need 99 values or none");
    }
    x = x.clone();
    y = y.clone();
    z = z.clone();
    visibility = visibility.clone();
    presence = presence.clone();
    world = world.clone();
  }

  @Override
  public float[] x() {
    return x.clone();
  }

  @Override
  public float[] y() {
    return y.clone();
  }

  @Override
  public float[] z() {
    return z.clone();
  }

  @Override
  public float[] visibility() {
    return visibility.clone();
  }

  @Override
  public float[] presence() {
    return presence.clone();
  }

  @Override
  public float[] world() {
    return world.clone();
  }

  public float x(int i) {
    return x[i];
  }

  public float y(int i) {
    return y[i];
  }

  public float visibility(int i) {
    return visibility[i];
  }

  public float presence(int i) {
    return presence[i];
  }

  public boolean hasWorld() {
    return world.length != 0;
  }

  /** World coordinate {@code axis} (0 x, 1 y, 2 z) of landmark {@code i}, metres. */
  public float world(int i, int axis) {
    return world[3 * i + axis];
  }
}
