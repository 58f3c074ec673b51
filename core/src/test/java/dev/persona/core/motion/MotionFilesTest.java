package dev.persona.core.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotionFilesTest {
  /** Axis-angle through quaternions and back: a few roundings of numbers near 1. */
  private static final double ROUND_TRIP = 1e-12;

  @TempDir Path dir;

  /** Joint j turns about its own fixed unit axis at j * 0.01 rad per frame; the root travels. */
  private static double angle(int joint, double frame) {
    return 0.01 * joint * frame;
  }

  private static double[] axis(int joint) {
    double[] a = {1 + joint % 3, 0.5 * (joint % 5) - 1, 0.3 * joint};
    double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    return new double[] {a[0] / n, a[1] / n, a[2] / n};
  }

  private static double[] translation(double frame) {
    return new double[] {0.1 * frame, 0.9, -0.05 * frame};
  }

  /** An AMASS-style archive of {@code frames} frames at {@code rate}, SMPL-X's 165 poses. */
  private Path amass(String name, int frames, double rate, String rateKey) throws Exception {
    double[] poses = new double[frames * 165];
    double[] trans = new double[frames * 3];
    for (int f = 0; f < frames; f++) {
      for (int j = 0; j < SmplxJoints.COUNT; j++) {
        double[] a = axis(j);
        for (int c = 0; c < 3; c++) {
          poses[f * 165 + j * 3 + c] = a[c] * angle(j, f);
        }
      }
      System.arraycopy(translation(f), 0, trans, f * 3, 3);
    }
    Map<String, NpyArray> m = new LinkedHashMap<>();
    m.put("poses", NpyArray.ofDoubles(poses, frames, 165));
    m.put("trans", NpyArray.ofDoubles(trans, frames, 3));
    m.put(
        "betas",
        NpyArray.ofDoubles(new double[] {0.5, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 16));
    m.put(rateKey, NpyArray.ofDoubles(new double[] {rate}));
    Path file = dir.resolve(name);
    Npz.write(file, m);
    return file;
  }

  private static void assertFrame(SmplxParams p, double frame, String what) {
    double[] pose = p.fullPose();
    for (int j = 0; j < SmplxJoints.COUNT; j++) {
      double[] a = axis(j);
      for (int c = 0; c < 3; c++) {
        assertEquals(a[c] * angle(j, frame), pose[j * 3 + c], ROUND_TRIP, what + " joint " + j);
      }
    }
    assertArrayEquals(translation(frame), p.transl(), ROUND_TRIP, what + " transl");
  }

  @Test
  void downsamplingKeepsEverySecondFrameExactly() throws Exception {
    Motion m = MotionFiles.readAmass(amass("a.npz", 9, 60, "mocap_frame_rate"), 30, false);
    assertEquals(30.0, m.frameRate());
    assertEquals(5, m.frameCount());
    for (int k = 0; k < 5; k++) {
      SmplxParams p = m.frame(k);
      double[] pose = p.fullPose();
      for (int j = 0; j < SmplxJoints.COUNT; j++) {
        double[] a = axis(j);
        for (int c = 0; c < 3; c++) {
          // A time on a source frame takes that frame unchanged: exactly the stored values.
          assertEquals(a[c] * angle(j, 2 * k), pose[j * 3 + c], 1e-15);
        }
      }
      assertEquals(0.5, p.betas()[0]);
      assertEquals(16, p.betas().length);
    }
  }

  @Test
  void upsamplingSlerpsBetweenFrames() throws Exception {
    // Each joint turns at constant speed about a fixed axis, so slerp's midpoints are exactly the
    // rotations at half-frames, and translation is linear.
    Motion m = MotionFiles.readAmass(amass("b.npz", 4, 50, "mocap_framerate"), 125, false);
    // 3 source intervals of 1/50 s = 0.06 s; at 125 fps that is frames at 0, 0.4, 0.8, ... 3.0.
    assertEquals(8, m.frameCount());
    for (int k = 0; k < m.frameCount(); k++) {
      assertFrame(m.frame(k), k * 0.4, "frame " + k);
    }
  }

  @Test
  void amassZUpBecomesYUp() throws Exception {
    Map<String, NpyArray> a = new LinkedHashMap<>();
    a.put("poses", NpyArray.ofDoubles(new double[165], 1, 165));
    a.put("trans", NpyArray.ofDoubles(new double[] {0.2, 0.3, 1.0}, 1, 3));
    a.put("mocap_frame_rate", NpyArray.ofDoubles(new double[] {120}));
    Path file = dir.resolve("up.npz");
    Npz.write(file, a);
    SmplxParams p = MotionFiles.read(file, 30).frame(0);
    // z (AMASS's up) -> y, y -> -z; the standing body's orientation turns the same way.
    assertArrayEquals(new double[] {0.2, 1.0, -0.3}, p.transl(), 1e-12);
    assertArrayEquals(new double[] {-Math.PI / 2, 0, 0}, p.globalOrient(), 1e-12);
  }

  @Test
  void smplhPosesFillSmplxHandsAndLeaveJawAndEyesAtRest() throws Exception {
    double[] poses = new double[156];
    for (int i = 0; i < 156; i++) {
      poses[i] = 0.001 * (i + 1);
    }
    Map<String, NpyArray> a = new LinkedHashMap<>();
    a.put("poses", NpyArray.ofDoubles(poses, 1, 156));
    a.put("trans", NpyArray.ofDoubles(new double[3], 1, 3));
    a.put("mocap_framerate", NpyArray.ofDoubles(new double[] {30}));
    Path file = dir.resolve("h.npz");
    Npz.write(file, a);
    SmplxParams p = MotionFiles.readAmass(file, 30, false).frame(0);
    assertEquals(0.001 * 4, p.bodyPose()[0], 1e-15);
    assertArrayEquals(new double[3], p.jawPose());
    assertArrayEquals(new double[3], p.leyePose());
    assertEquals(0.001 * (66 + 1), p.leftHandPose()[0], 1e-15);
    assertEquals(0.001 * (66 + 45 + 1), p.rightHandPose()[0], 1e-15);
  }

  @Test
  void jsonListsAndRatedJsonObjects() throws Exception {
    Path list = dir.resolve("list.json");
    Files.writeString(list, "[{\"transl\": [0, 1, 2]}, {\"body_pose\": null}, {}]");
    Motion m = MotionFiles.read(list, 24);
    assertEquals(3, m.frameCount());
    assertEquals(24.0, m.frameRate());
    assertArrayEquals(new double[] {0, 1, 2}, m.frame(0).transl());

    Path rated = dir.resolve("rated.json");
    Files.writeString(
        rated,
        "{\"frame_rate\": 10, \"frames\": [{\"transl\": [0, 0, 0]}, {\"transl\": [1, 0, 0]}]}");
    Motion r = MotionFiles.read(rated, 30);
    assertEquals(4, r.frameCount());
    assertEquals(1.0 / 3, r.frame(1).transl()[0], 1e-12);
  }

  @Test
  void builtInNamesResolveAndUnknownNamesListThem() throws Exception {
    assertEquals("walk", MotionFiles.resolve("walk", 30).name());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MotionFiles.resolve("moonwalk", 30));
    assertEquals(Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("turn, walk, arms, squat, reach"), e.getMessage());
  }

  @Test
  void badFilesAreTypedErrorsNamingTheProblem() throws Exception {
    Path text = dir.resolve("x.npz");
    Files.writeString(text, "not a zip");
    assertEquals(Reason.WRONG_FORMAT, reason(text));

    Path txt = dir.resolve("x.txt");
    Files.writeString(txt, "{}");
    assertEquals(Reason.UNSUPPORTED, reason(txt));

    Path json = dir.resolve("bad.json");
    Files.writeString(json, "[{\"body_pose\": [1, 2]}]");
    assertEquals(Reason.MALFORMED, reason(json));
    Files.writeString(json, "{\"frames\": []}");
    assertEquals(Reason.MALFORMED, reason(json));
    Files.writeString(json, "[");
    assertEquals(Reason.MALFORMED, reason(json));
    Files.writeString(json, "[]");
    assertEquals(Reason.MALFORMED, reason(json));

    Map<String, NpyArray> a = new LinkedHashMap<>();
    a.put("poses", NpyArray.ofDoubles(new double[200], 2, 100));
    a.put("trans", NpyArray.ofDoubles(new double[6], 2, 3));
    a.put("mocap_frame_rate", NpyArray.ofDoubles(new double[] {30}));
    Path npz = dir.resolve("shape.npz");
    Npz.write(npz, a);
    assertTrue(message(npz).contains("[T, 156]"), message(npz));

    a.put("poses", NpyArray.ofDoubles(new double[330], 2, 165));
    a.put("trans", NpyArray.ofDoubles(new double[9], 3, 3));
    Npz.write(npz, a);
    assertTrue(message(npz).contains("trans must be [2, 3]"), message(npz));

    double[] nan = new double[330];
    nan[7] = Double.NaN;
    a.put("poses", NpyArray.ofDoubles(nan, 2, 165));
    a.put("trans", NpyArray.ofDoubles(new double[6], 2, 3));
    Npz.write(npz, a);
    assertTrue(message(npz).contains("poses element 7"), message(npz));

    a.put("poses", NpyArray.ofDoubles(new double[330], 2, 165));
    a.remove("mocap_frame_rate");
    Npz.write(npz, a);
    assertTrue(message(npz).contains("mocap_frame_rate"), message(npz));

    a.remove("trans");
    a.put("mocap_frame_rate", NpyArray.ofDoubles(new double[] {30}));
    Npz.write(npz, a);
    assertTrue(message(npz).contains("no 'trans'"), message(npz));
  }

  private static Reason reason(Path file) {
    return assertThrows(InvalidInputException.class, () -> MotionFiles.read(file, 30)).reason();
  }

  private static String message(Path file) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MotionFiles.read(file, 30));
    assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    return e.getMessage();
  }
}
