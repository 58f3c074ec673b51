package dev.persona.core.body.makehuman;

import java.util.List;

/**
 * A rig posed by fixed per-bone rotations, as a map from rest geometry to posed geometry. With the
 * rotations fixed, posing is linear in the rest mesh: bone heads are centroids of mesh vertices,
 * forward kinematics adds rotated head differences, and linear blend skinning adds rotated vertex
 * offsets. So the same methods pose the base mesh and, exactly, any shape direction (a mesh
 * displacement) — which is how the importer bakes the T-pose into the template and its shape
 * directions alike.
 *
 * <p>Everything is in MakeHuman axes (x left of the character, y up, z forward). Bone frames follow
 * Blender, where the rig and pose files were made: a bone's local y axis runs from head to tail and
 * its roll turns x and z about it ({@code vec_roll_to_mat3_normalized} in Blender's {@code
 * armature.cc}); Blender's armature space is MakeHuman's with {@code (x, y, z)_blender = (x, -z,
 * y)}.
 *
 * <p>For bone {@code j} with parent {@code p}, local rest frame {@code B_j} and pose rotation
 * {@code L_j} (in that frame), the skinning rotation is {@code S_j = S_p * B_j L_j B_j^T}; posed
 * heads are {@code h'_j = h'_p + S_p (h_j - h_p)} ({@code h' = h} at roots); a vertex {@code x}
 * with weights {@code w_j} goes to {@code sum_j w_j (S_j (x - h_j) + h'_j)}.
 */
final class ArmaturePose {
  private final Rig rig;
  private final double[] rotations;

  private ArmaturePose(Rig rig, double[] rotations) {
    this.rig = rig;
    this.rotations = rotations;
  }

  /**
   * Poses {@code rig} by {@code eulers}, with bone frames taken from the rest mesh {@code restMesh}
   * (its shape fixes the bone directions; shape directions posed later reuse these rotations).
   *
   * @param restMesh all base-mesh vertices {@code [N*3]}, MakeHuman axes
   * @param eulers {@code [B*3]} Blender XYZ Euler angles per bone, radians (see {@link RestPose})
   */
  static ArmaturePose of(Rig rig, double[] restMesh, double[] eulers) {
    List<Rig.Bone> bones = rig.bones();
    double[] rotations = new double[bones.size() * 9];
    double[] frame = new double[9];
    double[] local = new double[9];
    double[] tmp = new double[9];
    for (int j = 0; j < bones.size(); j++) {
      Rig.Bone bone = bones.get(j);
      double[] head = centroid(restMesh, bone.headVertices);
      double[] tail = centroid(restMesh, bone.tailVertices);
      boneFrame(tail[0] - head[0], tail[1] - head[1], tail[2] - head[2], bone.roll, frame);
      eulerXyz(eulers[j * 3], eulers[j * 3 + 1], eulers[j * 3 + 2], local);
      // B L B^T: the local rotation expressed in armature axes.
      multiply(frame, local, tmp);
      multiplyTransposed(tmp, frame, local);
      if (bone.parent < 0) {
        System.arraycopy(local, 0, rotations, j * 9, 9);
      } else {
        System.arraycopy(rotations, bone.parent * 9, tmp, 0, 9);
        multiply(tmp, local, frame);
        System.arraycopy(frame, 0, rotations, j * 9, 9);
      }
    }
    return new ArmaturePose(rig, rotations);
  }

  /** Skinning rotation of bone {@code j}, row-major, into {@code out [9]}. */
  void rotation(int j, double[] out) {
    System.arraycopy(rotations, j * 9, out, 0, 9);
  }

  /** Bone heads {@code [B*3]}: centroids of each bone's head vertices in {@code mesh [N*3]}. */
  double[] heads(double[] mesh) {
    List<Rig.Bone> bones = rig.bones();
    double[] heads = new double[bones.size() * 3];
    for (int j = 0; j < bones.size(); j++) {
      System.arraycopy(centroid(mesh, bones.get(j).headVertices), 0, heads, j * 3, 3);
    }
    return heads;
  }

  /** Posed heads {@code [B*3]} by forward kinematics from rest heads {@code [B*3]}. */
  double[] posedHeads(double[] heads) {
    List<Rig.Bone> bones = rig.bones();
    double[] posed = new double[heads.length];
    for (int j = 0; j < bones.size(); j++) {
      int p = bones.get(j).parent;
      if (p < 0) {
        System.arraycopy(heads, j * 3, posed, j * 3, 3);
        continue;
      }
      double dx = heads[j * 3] - heads[p * 3];
      double dy = heads[j * 3 + 1] - heads[p * 3 + 1];
      double dz = heads[j * 3 + 2] - heads[p * 3 + 2];
      int r = p * 9;
      posed[j * 3] =
          posed[p * 3] + rotations[r] * dx + rotations[r + 1] * dy + rotations[r + 2] * dz;
      posed[j * 3 + 1] =
          posed[p * 3 + 1] + rotations[r + 3] * dx + rotations[r + 4] * dy + rotations[r + 5] * dz;
      posed[j * 3 + 2] =
          posed[p * 3 + 2] + rotations[r + 6] * dx + rotations[r + 7] * dy + rotations[r + 8] * dz;
    }
    return posed;
  }

  /**
   * Moves {@code point} rigidly with bone {@code j}: {@code S_j (x - h_j) + h'_j}.
   *
   * @param point {@code [3]} rest position; {@code heads}, {@code posedHeads} {@code [B*3]}
   */
  double[] attach(int j, double[] point, double[] heads, double[] posedHeads) {
    double[] out = new double[3];
    transform(j, point[0], point[1], point[2], heads, posedHeads, 1.0, out);
    return out;
  }

  /**
   * Poses {@code vertices} of {@code mesh} by linear blend skinning with {@code weights} (rows
   * normalised to sum 1 here, so that posing is affine for any weights file).
   *
   * @param mesh {@code [N*3]} rest mesh (or a displacement of it)
   * @param vertices which vertices to pose; {@code out} holds them in this order, {@code [K*3]}
   * @param heads rest heads of {@code mesh} {@code [B*3]} ({@link #heads})
   * @param posedHeads their posed positions {@code [B*3]} ({@link #posedHeads})
   */
  double[] poseVertices(
      double[] mesh, int[] vertices, SkinWeights weights, double[] heads, double[] posedHeads) {
    int[] rowStart = weights.rowStart();
    int[] bones = weights.bones();
    float[] w = weights.weights();
    double[] out = new double[vertices.length * 3];
    double[] acc = new double[3];
    for (int k = 0; k < vertices.length; k++) {
      int v = vertices[k];
      double x = mesh[v * 3];
      double y = mesh[v * 3 + 1];
      double z = mesh[v * 3 + 2];
      double sum = 0;
      for (int e = rowStart[v]; e < rowStart[v + 1]; e++) {
        sum += w[e];
      }
      if (sum <= 0) {
        // Unweighted vertices stay where they are (the importer gives them weights first).
        out[k * 3] = x;
        out[k * 3 + 1] = y;
        out[k * 3 + 2] = z;
        continue;
      }
      double ox = 0;
      double oy = 0;
      double oz = 0;
      for (int e = rowStart[v]; e < rowStart[v + 1]; e++) {
        transform(bones[e], x, y, z, heads, posedHeads, w[e] / sum, acc);
        ox += acc[0];
        oy += acc[1];
        oz += acc[2];
      }
      out[k * 3] = ox;
      out[k * 3 + 1] = oy;
      out[k * 3 + 2] = oz;
    }
    return out;
  }

  /** {@code out = scale * (S_j (x - h_j) + h'_j)}. */
  private void transform(
      int j,
      double x,
      double y,
      double z,
      double[] heads,
      double[] posedHeads,
      double scale,
      double[] out) {
    double dx = x - heads[j * 3];
    double dy = y - heads[j * 3 + 1];
    double dz = z - heads[j * 3 + 2];
    int r = j * 9;
    out[0] =
        scale
            * (rotations[r] * dx
                + rotations[r + 1] * dy
                + rotations[r + 2] * dz
                + posedHeads[j * 3]);
    out[1] =
        scale
            * (rotations[r + 3] * dx
                + rotations[r + 4] * dy
                + rotations[r + 5] * dz
                + posedHeads[j * 3 + 1]);
    out[2] =
        scale
            * (rotations[r + 6] * dx
                + rotations[r + 7] * dy
                + rotations[r + 8] * dz
                + posedHeads[j * 3 + 2]);
  }

  /**
   * Blender's rest frame of a bone pointing along {@code (dx, dy, dz)} (MakeHuman axes) with {@code
   * roll} radians, as a row-major 3x3 whose columns are the bone's x, y, z axes in MakeHuman axes.
   * Blender's {@code vec_roll_to_mat3_normalized}: the shortest rotation taking +y to the bone
   * direction, then the roll about the bone; computed in Blender axes and mapped back.
   */
  static void boneFrame(double dx, double dy, double dz, double roll, double[] out) {
    double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (!(length > 0)) {
      throw new IllegalArgumentException("bone of zero length");
    }
    // Blender axes: (x, y, z)_b = (x, -z, y).
    double x = dx / length;
    double y = -dz / length;
    double z = dy / length;
    double[] b = new double[9];
    // Blender's thresholds for a bone pointing (nearly) along -y, where 1 + y loses precision.
    // Blender then approximates 1 + y by a series in x^2 + z^2 (enough in float); in double the
    // exact identity 1 + y = (x^2 + z^2) / (1 - y) keeps the frame orthonormal to rounding.
    final double safeThreshold = 6.1e-3;
    final double criticalThreshold = 2.5e-4;
    double theta = 1 + y;
    double thetaAlt = x * x + z * z;
    if (theta > safeThreshold || thetaAlt > criticalThreshold * criticalThreshold) {
      if (theta <= safeThreshold) {
        theta = thetaAlt / (1 - y);
      }
      // Row-major; columns are the x, y, z axes.
      b[0] = 1 - x * x / theta;
      b[1] = x;
      b[2] = -x * z / theta;
      b[3] = -x;
      b[4] = y;
      b[5] = -z;
      b[6] = -x * z / theta;
      b[7] = z;
      b[8] = 1 - z * z / theta;
    } else {
      b[0] = -1;
      b[4] = -1;
      b[8] = 1;
    }
    double[] rollMatrix = new double[9];
    axisAngle(x, y, z, roll, rollMatrix);
    double[] blender = new double[9];
    multiply(rollMatrix, b, blender);
    // Back to MakeHuman axes: rows (x, y, z)_mh = (x_b, z_b, -y_b) of the Blender matrix.
    for (int c = 0; c < 3; c++) {
      out[c] = blender[c];
      out[3 + c] = blender[6 + c];
      out[6 + c] = -blender[3 + c];
    }
  }

  /** Blender's XYZ Euler: {@code Rz(z) Ry(y) Rx(x)}, row-major, into {@code out [9]}. */
  static void eulerXyz(double ax, double ay, double az, double[] out) {
    double cx = Math.cos(ax);
    double sx = Math.sin(ax);
    double cy = Math.cos(ay);
    double sy = Math.sin(ay);
    double cz = Math.cos(az);
    double sz = Math.sin(az);
    out[0] = cz * cy;
    out[1] = cz * sy * sx - sz * cx;
    out[2] = cz * sy * cx + sz * sx;
    out[3] = sz * cy;
    out[4] = sz * sy * sx + cz * cx;
    out[5] = sz * sy * cx - cz * sx;
    out[6] = -sy;
    out[7] = cy * sx;
    out[8] = cy * cx;
  }

  /** Rotation by {@code angle} radians about the unit axis {@code (x, y, z)} (Rodrigues). */
  static void axisAngle(double x, double y, double z, double angle, double[] out) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double t = 1 - c;
    out[0] = c + t * x * x;
    out[1] = t * x * y - s * z;
    out[2] = t * x * z + s * y;
    out[3] = t * x * y + s * z;
    out[4] = c + t * y * y;
    out[5] = t * y * z - s * x;
    out[6] = t * x * z - s * y;
    out[7] = t * y * z + s * x;
    out[8] = c + t * z * z;
  }

  /** {@code out = a * b}, row-major 3x3; {@code out} must not alias. */
  static void multiply(double[] a, double[] b, double[] out) {
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
      }
    }
  }

  /** {@code out = a * b^T}, row-major 3x3; {@code out} must not alias. */
  static void multiplyTransposed(double[] a, double[] b, double[] out) {
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[r * 3 + c] =
            a[r * 3] * b[c * 3] + a[r * 3 + 1] * b[c * 3 + 1] + a[r * 3 + 2] * b[c * 3 + 2];
      }
    }
  }

  /** Centroid {@code [3]} of {@code vertices} of {@code mesh [N*3]}. */
  static double[] centroid(double[] mesh, int[] vertices) {
    double x = 0;
    double y = 0;
    double z = 0;
    for (int v : vertices) {
      x += mesh[v * 3];
      y += mesh[v * 3 + 1];
      z += mesh[v * 3 + 2];
    }
    int n = vertices.length;
    return new double[] {x / n, y / n, z / n};
  }
}
