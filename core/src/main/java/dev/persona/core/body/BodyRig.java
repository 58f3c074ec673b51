package dev.persona.core.body;

import dev.persona.core.math.Rotations;

/**
 * The SMPL-X forward pass over a {@link BodyModel}: shape blend, joint regression, pose
 * correctives, forward kinematics and linear blend skinning, as {@code smplx/lbs.py} computes them
 * (SMPL, Loper et al. 2015, Eq. 1-10; SMPL-X, Pavlakos et al. 2019, Eq. 1-2). Immutable and
 * thread-safe: it holds the model and a few structures prepared once from it.
 *
 * <p>Two steps, so that fitting and animation pay the shape cost once per identity:
 *
 * <ol>
 *   <li>{@link #shape}: {@code v_shaped = v_template + shapedirs . [betas, expression]}, {@code J =
 *       J_regressor . v_shaped}. Cost {@code V*3*(B+E)} multiply-adds plus the regressor's
 *       non-zeros (prepared once as sparse rows; SMPL-X's dense {@code (55, 10475)} regressor has
 *       only a few hundred).
 *   <li>{@link #pose}: Rodrigues per joint, {@code v_posed = v_shaped + posedirs . (R_j - I)},
 *       forward kinematics, skinning {@code v = sum_j w_vj A_j v_posed + transl}. Skinning costs
 *       {@code V * (non-zero weights per vertex) * 12}; the weights are prepared as sparse rows.
 *       The pose correctives cost {@code V*3*486} multiply-adds (about 15 M for SMPL-X, several
 *       milliseconds, more than everything else together): they are skipped when the model's
 *       posedirs are all zero (detected once, see {@link #hasPoseCorrectives()}), and joints whose
 *       rotation is exactly the identity contribute nothing and are skipped.
 * </ol>
 *
 * <p>Joint counts other than 55 are allowed (any tree with parents before children); {@link
 * #forward(SmplxParams)} needs SMPL-X's 55.
 */
public final class BodyRig {
  final BodyModel model;
  final int vertexCount;
  final int jointCount;
  final int[] parents;
  final int blendShapeCount;
  final int poseInputCount;
  final boolean hasPoseCorrectives;

  /** Non-zeros of each joint's regressor row: entries {@code [start[j], start[j+1])}. */
  final int[] regressorStart;

  final int[] regressorVertex;
  final double[] regressorWeight;

  /** Non-zero skinning weights of each vertex: entries {@code [start[v], start[v+1])}. */
  final int[] weightStart;

  final int[] weightJoint;
  final double[] weightValue;

  /** Prepares the sparse regressor and weights and checks posedirs for non-zeros. */
  public BodyRig(BodyModel model) {
    this.model = model;
    this.vertexCount = model.vertexCount();
    this.jointCount = model.jointCount();
    this.parents = model.parents().clone();
    this.blendShapeCount = model.shapeCount() + model.expressionCount();
    this.poseInputCount = model.poseInputCount();

    float[] regressor = model.jointRegressor();
    regressorStart = new int[jointCount + 1];
    int nnz = countNonZero(regressor);
    regressorVertex = new int[nnz];
    regressorWeight = new double[nnz];
    int at = 0;
    for (int j = 0; j < jointCount; j++) {
      regressorStart[j] = at;
      for (int v = 0; v < vertexCount; v++) {
        float r = regressor[j * vertexCount + v];
        if (r != 0f) {
          regressorVertex[at] = v;
          regressorWeight[at++] = r;
        }
      }
    }
    regressorStart[jointCount] = at;

    float[] weights = model.skinWeights();
    weightStart = new int[vertexCount + 1];
    nnz = countNonZero(weights);
    weightJoint = new int[nnz];
    weightValue = new double[nnz];
    at = 0;
    for (int v = 0; v < vertexCount; v++) {
      weightStart[v] = at;
      for (int j = 0; j < jointCount; j++) {
        float w = weights[v * jointCount + j];
        if (w != 0f) {
          weightJoint[at] = j;
          weightValue[at++] = w;
        }
      }
    }
    weightStart[vertexCount] = at;

    hasPoseCorrectives = countNonZero(model.poseDirs()) > 0;
  }

  private static int countNonZero(float[] values) {
    int n = 0;
    for (float x : values) {
      if (x != 0f) {
        n++;
      }
    }
    return n;
  }

  public BodyModel model() {
    return model;
  }

  /**
   * Whether the model's posedirs have any non-zero entry (otherwise the correctives are skipped).
   */
  public boolean hasPoseCorrectives() {
    return hasPoseCorrectives;
  }

  /**
   * The shape blend and joint regression for one identity and expression.
   *
   * @param betas {@code [B]}, {@code B <= model.shapeCount()}; missing trailing values are zeros
   * @param expression {@code [E]}, {@code E <= model.expressionCount()}; missing values are zeros
   * @return the shaped rest body (copies of the coefficients are kept in it)
   */
  public ShapedBody shape(double[] betas, double[] expression) {
    if (betas.length > model.shapeCount() || expression.length > model.expressionCount()) {
      throw new IllegalArgumentException(
          "model "
              + model.name()
              + " has "
              + model.shapeCount()
              + " betas and "
              + model.expressionCount()
              + " expression coefficients, got "
              + betas.length
              + " and "
              + expression.length);
    }
    float[] template = model.templateVertices();
    float[] dirs = model.shapeDirs();
    int s = blendShapeCount;
    int exprAt = model.shapeCount();
    double[] vertices = new double[vertexCount * 3];
    for (int r = 0; r < vertexCount * 3; r++) {
      int row = r * s;
      double v = template[r];
      for (int b = 0; b < betas.length; b++) {
        v += dirs[row + b] * betas[b];
      }
      for (int e = 0; e < expression.length; e++) {
        v += dirs[row + exprAt + e] * expression[e];
      }
      vertices[r] = v;
    }
    double[] joints = new double[jointCount * 3];
    regressJoints(vertices, joints);
    return new ShapedBody(betas.clone(), expression.clone(), vertices, joints);
  }

  /** {@code joints[j] = sum_v J_regressor[j, v] vertices[v]}, both {@code [*3]}. */
  void regressJoints(double[] vertices, double[] joints) {
    for (int j = 0; j < jointCount; j++) {
      double x = 0;
      double y = 0;
      double z = 0;
      for (int k = regressorStart[j]; k < regressorStart[j + 1]; k++) {
        int v = regressorVertex[k] * 3;
        double r = regressorWeight[k];
        x += r * vertices[v];
        y += r * vertices[v + 1];
        z += r * vertices[v + 2];
      }
      joints[j * 3] = x;
      joints[j * 3 + 1] = y;
      joints[j * 3 + 2] = z;
    }
  }

  /** Buffers for {@link #pose}, sized for this model. */
  public PosedBody newPosedBody() {
    return new PosedBody(vertexCount, jointCount);
  }

  /**
   * Poses a shaped body: SMPL's {@code M(beta, theta) = W(T_P(beta, theta), J(beta), theta, W)}
   * plus {@code transl}.
   *
   * @param shaped from {@link #shape} of this rig
   * @param pose {@code [J*3]} axis-angle radians per joint, relative to its parent, in the model's
   *     joint order (for SMPL-X: {@link SmplxParams#fullPose()})
   * @param transl {@code [3]} metres, added to every vertex and joint
   * @param dest buffers from {@link #newPosedBody()}, overwritten
   */
  public void pose(ShapedBody shaped, double[] pose, double[] transl, PosedBody dest) {
    if (pose.length != jointCount * 3 || transl.length != 3) {
      throw new IllegalArgumentException(
          "pose must have " + (jointCount * 3) + " values and transl 3");
    }
    if (dest.vertexCount != vertexCount || dest.jointCount != jointCount) {
      throw new IllegalArgumentException("PosedBody was made for another model");
    }
    dest.shaped = shaped;
    System.arraycopy(pose, 0, dest.pose, 0, pose.length);
    System.arraycopy(transl, 0, dest.transl, 0, 3);
    double[] local = dest.localRotations;
    for (int j = 0; j < jointCount; j++) {
      Rotations.axisAngleToMatrix(pose, j * 3, local, j * 9);
    }
    addPoseCorrectives(shaped.restVertices(), local, dest.posedRestVertices);
    forwardKinematics(shaped.restJoints(), local, dest);
    skin(dest);
  }

  /**
   * SMPL's Eq. 9: {@code T_P = v_shaped + sum_n (R_n - I)[flat] posedirs_n} over joints 1..J-1,
   * {@code posedirs} {@code (V*3, P)} with {@code P = 9 (J-1)}.
   */
  private void addPoseCorrectives(double[] shapedVertices, double[] local, double[] out) {
    System.arraycopy(shapedVertices, 0, out, 0, out.length);
    if (!hasPoseCorrectives) {
      return;
    }
    double[] feature = new double[poseInputCount];
    int[] active = new int[jointCount - 1];
    int activeCount = 0;
    for (int j = 1; j < jointCount; j++) {
      boolean identity = true;
      for (int e = 0; e < 9; e++) {
        double f = local[j * 9 + e] - ((e % 4 == 0) ? 1.0 : 0.0);
        feature[(j - 1) * 9 + e] = f;
        identity &= f == 0.0;
      }
      if (!identity) {
        active[activeCount++] = j - 1;
      }
    }
    if (activeCount == 0) {
      return;
    }
    float[] dirs = model.poseDirs();
    int p = poseInputCount;
    for (int r = 0; r < vertexCount * 3; r++) {
      int row = r * p;
      double acc = 0;
      if (activeCount == jointCount - 1) {
        // Four independent partial sums: one chain of 486 dependent adds is bound by the add's
        // latency; four chains run about four times faster. The order is fixed, so the result is
        // the same on every run.
        double acc1 = 0;
        double acc2 = 0;
        double acc3 = 0;
        int i = 0;
        for (; i + 3 < p; i += 4) {
          acc += dirs[row + i] * feature[i];
          acc1 += dirs[row + i + 1] * feature[i + 1];
          acc2 += dirs[row + i + 2] * feature[i + 2];
          acc3 += dirs[row + i + 3] * feature[i + 3];
        }
        for (; i < p; i++) {
          acc += dirs[row + i] * feature[i];
        }
        acc += acc1 + acc2 + acc3;
      } else {
        double acc1 = 0;
        double acc2 = 0;
        for (int a = 0; a < activeCount; a++) {
          int base = active[a] * 9;
          for (int e = 0; e < 9; e += 3) {
            acc += dirs[row + base + e] * feature[base + e];
            acc1 += dirs[row + base + e + 1] * feature[base + e + 1];
            acc2 += dirs[row + base + e + 2] * feature[base + e + 2];
          }
        }
        acc += acc1 + acc2;
      }
      out[r] += acc;
    }
  }

  /**
   * {@code smplx.lbs.batch_rigid_transform}: {@code G_0 = [R_0 | J_0]}, {@code G_j = G_parent [R_j
   * | J_j - J_parent]} (SMPL's Eq. 4); the skinning transforms {@code A_j = G_j [I | -J_j]}.
   */
  private void forwardKinematics(double[] restJoints, double[] local, PosedBody dest) {
    double[] world = dest.jointRotations;
    double[] t = dest.modelJoints;
    double[] a = dest.modelSkinningTranslations;
    double[] offset = new double[3];
    double[] rotated = new double[3];
    for (int j = 0; j < jointCount; j++) {
      int p = parents[j];
      if (p < 0) {
        System.arraycopy(local, j * 9, world, j * 9, 9);
        System.arraycopy(restJoints, j * 3, t, j * 3, 3);
      } else {
        Rotations.multiply(world, p * 9, local, j * 9, world, j * 9);
        for (int c = 0; c < 3; c++) {
          offset[c] = restJoints[j * 3 + c] - restJoints[p * 3 + c];
        }
        Rotations.transform(world, p * 9, offset, 0, rotated, 0);
        for (int c = 0; c < 3; c++) {
          t[j * 3 + c] = t[p * 3 + c] + rotated[c];
        }
      }
      Rotations.transform(world, j * 9, restJoints, j * 3, rotated, 0);
      for (int c = 0; c < 3; c++) {
        a[j * 3 + c] = t[j * 3 + c] - rotated[c];
        dest.joints[j * 3 + c] = t[j * 3 + c] + dest.transl[c];
        dest.skinningTranslations[j * 3 + c] = a[j * 3 + c] + dest.transl[c];
      }
    }
  }

  /** SMPL's Eq. 2: {@code v_i = sum_j w_ij A_j v_posed_i}, then {@code + transl}. */
  private void skin(PosedBody dest) {
    double[] q = dest.jointRotations;
    double[] a = dest.modelSkinningTranslations;
    double[] u = dest.posedRestVertices;
    double[] out = dest.vertices;
    double tx = dest.transl[0];
    double ty = dest.transl[1];
    double tz = dest.transl[2];
    for (int v = 0; v < vertexCount; v++) {
      double m00 = 0;
      double m01 = 0;
      double m02 = 0;
      double m10 = 0;
      double m11 = 0;
      double m12 = 0;
      double m20 = 0;
      double m21 = 0;
      double m22 = 0;
      double a0 = 0;
      double a1 = 0;
      double a2 = 0;
      for (int k = weightStart[v]; k < weightStart[v + 1]; k++) {
        int j = weightJoint[k];
        double w = weightValue[k];
        int o = j * 9;
        m00 += w * q[o];
        m01 += w * q[o + 1];
        m02 += w * q[o + 2];
        m10 += w * q[o + 3];
        m11 += w * q[o + 4];
        m12 += w * q[o + 5];
        m20 += w * q[o + 6];
        m21 += w * q[o + 7];
        m22 += w * q[o + 8];
        a0 += w * a[j * 3];
        a1 += w * a[j * 3 + 1];
        a2 += w * a[j * 3 + 2];
      }
      double x = u[v * 3];
      double y = u[v * 3 + 1];
      double z = u[v * 3 + 2];
      out[v * 3] = m00 * x + m01 * y + m02 * z + a0 + tx;
      out[v * 3 + 1] = m10 * x + m11 * y + m12 * z + a1 + ty;
      out[v * 3 + 2] = m20 * x + m21 * y + m22 * z + a2 + tz;
    }
  }

  /**
   * Shapes and poses in one call (allocates; for one-off use). SMPL-X's 55 joints only.
   *
   * @param params SMPL-X parameters; hand poses are full axis-angle (see {@link HandPca} for PCA)
   */
  public PosedBody forward(SmplxParams params) {
    if (jointCount != SmplxJoints.COUNT) {
      throw new IllegalArgumentException(
          "SmplxParams need the 55 SMPL-X joints; model " + model.name() + " has " + jointCount);
    }
    PosedBody posed = newPosedBody();
    pose(shape(params.betas(), params.expression()), params.fullPose(), params.transl(), posed);
    return posed;
  }
}
