package dev.persona.core.motion;

import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.math.Rotations;
import java.util.ArrayList;
import java.util.List;

/**
 * A motion: SMPL-X parameters sampled at a fixed frame rate, frame {@code i} at {@code i /
 * frameRate} seconds.
 *
 * @param name what the motion is called (a built-in's name, or the file it came from)
 * @param frameRate frames per second, finite and positive
 * @param frames at least one frame; the list is copied
 */
public record Motion(String name, double frameRate, List<SmplxParams> frames) {
  /** A resampled frame this close (in source frames) to a source frame is that frame, copied. */
  private static final double SAME_FRAME = 1e-9;

  public Motion {
    if (!(frameRate > 0) || Double.isInfinite(frameRate)) {
      throw new IllegalArgumentException("frame rate must be finite and positive: " + frameRate);
    }
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a motion needs at least one frame");
    }
    frames = List.copyOf(frames);
  }

  public int frameCount() {
    return frames.size();
  }

  public SmplxParams frame(int index) {
    return frames.get(index);
  }

  /** Seconds the frames cover when played one after another: {@code frameCount / frameRate}. */
  public double durationSeconds() {
    return frames.size() / frameRate;
  }

  /**
   * The motion at another frame rate, over the same span ({@code 0 .. (T-1)/frameRate} seconds):
   * output frame k at {@code k / targetRate} seconds takes the two source frames around that time
   * and interpolates each joint's rotation by {@link Rotations#quaternionSlerp slerp} (constant
   * angular speed about one axis), translation and expression linearly; betas come from the earlier
   * frame. A time that falls on a source frame gives that frame unchanged.
   *
   * @param targetRate frames per second, finite and positive
   */
  public Motion resample(double targetRate) {
    if (!(targetRate > 0) || Double.isInfinite(targetRate)) {
      throw new IllegalArgumentException("frame rate must be finite and positive: " + targetRate);
    }
    int last = frames.size() - 1;
    double span = last / frameRate;
    int count = (int) Math.floor(span * targetRate + SAME_FRAME) + 1;
    List<SmplxParams> out = new ArrayList<>(count);
    double[] qa = new double[4];
    double[] qb = new double[4];
    double[] q = new double[4];
    for (int k = 0; k < count; k++) {
      double position = Math.min(last, k / targetRate * frameRate);
      int i = (int) Math.floor(position + SAME_FRAME);
      double t = position - i;
      if (i >= last || Math.abs(t) < SAME_FRAME) {
        out.add(frames.get(Math.min(i, last)));
        continue;
      }
      SmplxParams a = frames.get(i);
      SmplxParams b = frames.get(i + 1);
      double[] poseA = a.fullPose();
      double[] poseB = b.fullPose();
      double[] pose = new double[SmplxJoints.COUNT * 3];
      for (int j = 0; j < SmplxJoints.COUNT; j++) {
        Rotations.axisAngleToQuaternion(poseA, j * 3, qa, 0);
        Rotations.axisAngleToQuaternion(poseB, j * 3, qb, 0);
        Rotations.quaternionSlerp(qa, 0, qb, 0, t, q, 0);
        Rotations.quaternionToAxisAngle(q, 0, pose, j * 3);
      }
      out.add(
          SmplxParams.fromFullPose(
              a.betas(),
              lerp(a.expression(), b.expression(), t),
              pose,
              lerp(a.transl(), b.transl(), t)));
    }
    return new Motion(name, targetRate, out);
  }

  /** Element-wise {@code (1-t) a + t b}; a shorter array counts as padded with zeros. */
  private static double[] lerp(double[] a, double[] b, double t) {
    double[] out = new double[Math.max(a.length, b.length)];
    for (int e = 0; e < out.length; e++) {
      double va = e < a.length ? a[e] : 0;
      double vb = e < b.length ? b[e] : 0;
      out[e] = (1 - t) * va + t * vb;
    }
    return out;
  }
}
