package dev.persona.core.body;

import dev.persona.core.math.Rotations;
import java.util.Arrays;

/**
 * Analytic derivatives of {@link BodyRig}'s forward pass with respect to the pose (axis-angle, all
 * joints), the betas, the expression and {@code transl}, including the pose-corrective path and the
 * dependence of the joint locations on shape. Two forms:
 *
 * <ul>
 *   <li>{@link #backward}: the vector-Jacobian product for all vertices and joints at once (reverse
 *       mode, one pass; what avatar training and image-space losses need). Cost about one forward
 *       pass (twice that with pose correctives, whose transpose is another {@code V*3*486}).
 *   <li>{@link #jointJacobian} / {@link #vertexJacobian}: dense Jacobians of chosen points (forward
 *       mode per point; what a Gauss-Newton fitter on landmarks and silhouette vertices needs).
 *       Cost per vertex about {@code (non-zero weights) * (tree depth) * 3} cross products, plus
 *       {@code 54*3*36} with pose correctives, plus {@code (B+E)} skinned shape directions.
 * </ul>
 *
 * <p>The equations (SMPL, Loper et al. 2015, Eq. 2-10) in the notation of the code: rest vertices
 * {@code s = T + D c} ({@code c = [betas, expression]}), rest joints {@code J = R s}, local
 * rotations {@code R_j}, pose-corrected rest vertices {@code u = s + P vec(R_j - I)}, world
 * rotations {@code Q_j = Q_p R_j}, posed joints {@code t_j = Q_p (J_j - J_p) + t_p}, vertices
 * {@code v_i = sum_j w_ij (Q_j (u_i - J_j) + t_j) + transl}. A change {@code dR_m} of joint {@code
 * m}'s rotation turns its whole subtree rigidly about {@code t_m} with the world angular velocity
 * {@code omega = Q_p vee(dR_m R_m^T)}: {@code dQ_j = [omega]x Q_j}, {@code dt_j = omega x (t_j -
 * t_m)}.
 *
 * <p>Immutable and thread-safe; every call allocates its own scratch.
 */
public final class BodyDerivatives {
  private final BodyRig rig;

  public BodyDerivatives(BodyRig rig) {
    this.rig = rig;
  }

  /**
   * The gradient of a loss {@code L} with respect to the parameters, given its gradient with
   * respect to the outputs: {@code dL/dparams = (dvertices/dparams)^T gradVertices +
   * (djoints/dparams)^T gradJoints}.
   *
   * @param posed a pose computed by this rig (its buffers are read, not changed)
   * @param gradVertices {@code [V*3]} dL/d(posed vertices), world frame; {@code null} for none
   * @param gradJoints {@code [J*3]} dL/d(posed joints), world frame; {@code null} for none
   * @return a new gradient; {@code betas}/{@code expression} as long as the shaped body's
   */
  public BodyGradient backward(PosedBody posed, double[] gradVertices, double[] gradJoints) {
    int nv = rig.vertexCount;
    int nj = rig.jointCount;
    checkPosed(posed);
    if ((gradVertices != null && gradVertices.length != nv * 3)
        || (gradJoints != null && gradJoints.length != nj * 3)) {
      throw new IllegalArgumentException(
          "gradients must be [" + (nv * 3) + "] for vertices and [" + (nj * 3) + "] for joints");
    }
    double[] gTransl = new double[3];
    double[] gQ = new double[nj * 9];
    double[] gT = new double[nj * 3];
    double[] gRest = new double[nj * 3];
    double[] gU = new double[nv * 3];
    if (gradJoints != null) {
      for (int i = 0; i < nj * 3; i++) {
        gT[i] += gradJoints[i];
        gTransl[i % 3] += gradJoints[i];
      }
    }
    if (gradVertices != null) {
      skinBackward(posed, gradVertices, gQ, gT, gRest, gU, gTransl);
    }
    return kinematicsBackward(posed, gQ, gT, gRest, gU, gTransl);
  }

  /**
   * The gradient of a loss with respect to the parameters, given its gradient with respect to the
   * skinning transforms {@code A_j = [Q_j | a_j]} themselves ({@link PosedBody#jointRotations()}
   * and {@link PosedBody#skinningTranslations()}): what a model skinned by these transforms, but
   * not on the body's own vertices (a Gaussian avatar on a subdivided surface), needs to
   * differentiate its pose. With {@code a_j = t_j - Q_j J_j + transl}: {@code dL/dt_j += dL/da_j},
   * {@code dL/dQ_j -= dL/da_j J_j^T}, {@code dL/dJ_j -= Q_j^T dL/da_j}, {@code dL/dtransl += sum_j
   * dL/da_j}. The pose-corrective path is not included (the caller's points carry no {@code u}).
   *
   * @param posed a pose computed by this rig (its buffers are read, not changed)
   * @param gradJointRotations {@code [J*9]} dL/dQ_j, row-major, world frame
   * @param gradSkinningTranslations {@code [J*3]} dL/da_j, world frame
   * @return a new gradient; {@code betas}/{@code expression} as long as the shaped body's
   */
  public BodyGradient backwardFromSkinning(
      PosedBody posed, double[] gradJointRotations, double[] gradSkinningTranslations) {
    int nj = rig.jointCount;
    checkPosed(posed);
    if (gradJointRotations.length != nj * 9 || gradSkinningTranslations.length != nj * 3) {
      throw new IllegalArgumentException(
          "gradients must be ["
              + (nj * 9)
              + "] for rotations and ["
              + (nj * 3)
              + "] for translations");
    }
    double[] q = posed.jointRotations;
    double[] rest = posed.shaped.restJoints();
    double[] gQ = gradJointRotations.clone();
    double[] gT = new double[nj * 3];
    double[] gRest = new double[nj * 3];
    double[] gTransl = new double[3];
    double[] e = new double[3];
    for (int j = 0; j < nj; j++) {
      for (int r = 0; r < 3; r++) {
        double g = gradSkinningTranslations[j * 3 + r];
        gT[j * 3 + r] += g;
        gTransl[r] += g;
        for (int c = 0; c < 3; c++) {
          gQ[j * 9 + r * 3 + c] -= g * rest[j * 3 + c];
        }
      }
      Rotations.transformTransposed(q, j * 9, gradSkinningTranslations, j * 3, e, 0);
      for (int c = 0; c < 3; c++) {
        gRest[j * 3 + c] -= e[c];
      }
    }
    return kinematicsBackward(posed, gQ, gT, gRest, new double[rig.vertexCount * 3], gTransl);
  }

  /**
   * Forward kinematics, pose correctives and the shape blend in reverse, from the gradients of the
   * world rotations {@code gQ}, posed joints {@code gT}, rest joints {@code gRest} and
   * pose-corrected rest vertices {@code gU} (all consumed).
   */
  private BodyGradient kinematicsBackward(
      PosedBody posed, double[] gQ, double[] gT, double[] gRest, double[] gU, double[] gTransl) {
    int nv = rig.vertexCount;
    int nj = rig.jointCount;
    ShapedBody shaped = posed.shaped;
    double[] q = posed.jointRotations;
    double[] rest = shaped.restJoints();

    // Forward kinematics in reverse: children (higher indices) before parents.
    double[] gR = new double[nj * 9];
    double[] tmp = new double[9];
    double[] e = new double[3];
    for (int j = nj - 1; j > 0; j--) {
      int p = rig.parents[j];
      // Q_j = Q_p R_j
      Rotations.multiplyTransposeLeft(q, p * 9, gQ, j * 9, tmp, 0);
      addInto(gR, j * 9, tmp);
      Rotations.multiplyTransposeRight(gQ, j * 9, posed.localRotations, j * 9, tmp, 0);
      addInto(gQ, p * 9, tmp);
      // t_j = Q_p (J_j - J_p) + t_p
      for (int r = 0; r < 3; r++) {
        double g = gT[j * 3 + r];
        gT[p * 3 + r] += g;
        for (int c = 0; c < 3; c++) {
          gQ[p * 9 + r * 3 + c] += g * (rest[j * 3 + c] - rest[p * 3 + c]);
        }
      }
      Rotations.transformTransposed(q, p * 9, gT, j * 3, e, 0);
      for (int c = 0; c < 3; c++) {
        gRest[j * 3 + c] += e[c];
        gRest[p * 3 + c] -= e[c];
      }
    }
    addInto(gR, 0, gQ, 0, 9); // Q_0 = R_0
    for (int c = 0; c < 3; c++) {
      gRest[c] += gT[c]; // t_0 = J_0
    }

    if (rig.hasPoseCorrectives) {
      poseCorrectivesBackward(gU, gR);
    }
    double[] gPose = new double[nj * 3];
    double[] dR = new double[27];
    for (int j = 0; j < nj; j++) {
      Rotations.axisAngleToMatrixDerivatives(posed.pose, j * 3, dR, 0);
      for (int k = 0; k < 3; k++) {
        double g = 0;
        for (int i = 0; i < 9; i++) {
          g += gR[j * 9 + i] * dR[k * 9 + i];
        }
        gPose[j * 3 + k] = g;
      }
    }

    // Shape: s feeds u directly and the rest joints through the regressor, J = R s.
    double[] gS = gU;
    for (int j = 0; j < nj; j++) {
      for (int k = rig.regressorStart[j]; k < rig.regressorStart[j + 1]; k++) {
        int v = rig.regressorVertex[k] * 3;
        double r = rig.regressorWeight[k];
        gS[v] += r * gRest[j * 3];
        gS[v + 1] += r * gRest[j * 3 + 1];
        gS[v + 2] += r * gRest[j * 3 + 2];
      }
    }
    double[] gBetas = new double[shaped.betas().length];
    double[] gExpression = new double[shaped.expression().length];
    float[] dirs = rig.model.shapeDirs();
    int s = rig.blendShapeCount;
    int exprAt = rig.model.shapeCount();
    for (int r = 0; r < nv * 3; r++) {
      double g = gS[r];
      if (g == 0.0) {
        continue;
      }
      int row = r * s;
      for (int b = 0; b < gBetas.length; b++) {
        gBetas[b] += dirs[row + b] * g;
      }
      for (int x = 0; x < gExpression.length; x++) {
        gExpression[x] += dirs[row + exprAt + x] * g;
      }
    }
    return new BodyGradient(gPose, gBetas, gExpression, gTransl);
  }

  /**
   * Reverse of the skinning {@code v_i = sum_j w_ij (Q_j (u_i - J_j) + t_j) + transl}: with {@code
   * S_j = sum_i w_ij g_i}, {@code dL/dQ_j = sum_i w_ij g_i u_i^T - S_j J_j^T}, {@code dL/dt_j =
   * S_j}, {@code dL/dJ_j = -Q_j^T S_j}, {@code dL/du_i = sum_j w_ij Q_j^T g_i}.
   */
  private void skinBackward(
      PosedBody posed,
      double[] grad,
      double[] gQ,
      double[] gT,
      double[] gRest,
      double[] gU,
      double[] gTransl) {
    int nj = rig.jointCount;
    double[] q = posed.jointRotations;
    double[] u = posed.posedRestVertices;
    double[] rest = posed.shaped.restJoints();
    double[] weighted = new double[nj * 3];
    for (int v = 0; v < rig.vertexCount; v++) {
      double gx = grad[v * 3];
      double gy = grad[v * 3 + 1];
      double gz = grad[v * 3 + 2];
      if (gx == 0.0 && gy == 0.0 && gz == 0.0) {
        continue;
      }
      gTransl[0] += gx;
      gTransl[1] += gy;
      gTransl[2] += gz;
      double ux = u[v * 3];
      double uy = u[v * 3 + 1];
      double uz = u[v * 3 + 2];
      double sx = 0;
      double sy = 0;
      double sz = 0;
      for (int k = rig.weightStart[v]; k < rig.weightStart[v + 1]; k++) {
        int j = rig.weightJoint[k];
        double w = rig.weightValue[k];
        double wx = w * gx;
        double wy = w * gy;
        double wz = w * gz;
        weighted[j * 3] += wx;
        weighted[j * 3 + 1] += wy;
        weighted[j * 3 + 2] += wz;
        int o = j * 9;
        gQ[o] += wx * ux;
        gQ[o + 1] += wx * uy;
        gQ[o + 2] += wx * uz;
        gQ[o + 3] += wy * ux;
        gQ[o + 4] += wy * uy;
        gQ[o + 5] += wy * uz;
        gQ[o + 6] += wz * ux;
        gQ[o + 7] += wz * uy;
        gQ[o + 8] += wz * uz;
        sx += q[o] * wx + q[o + 3] * wy + q[o + 6] * wz;
        sy += q[o + 1] * wx + q[o + 4] * wy + q[o + 7] * wz;
        sz += q[o + 2] * wx + q[o + 5] * wy + q[o + 8] * wz;
      }
      gU[v * 3] += sx;
      gU[v * 3 + 1] += sy;
      gU[v * 3 + 2] += sz;
    }
    double[] e = new double[3];
    for (int j = 0; j < nj; j++) {
      for (int r = 0; r < 3; r++) {
        double g = weighted[j * 3 + r];
        gT[j * 3 + r] += g;
        for (int c = 0; c < 3; c++) {
          gQ[j * 9 + r * 3 + c] -= g * rest[j * 3 + c];
        }
      }
      Rotations.transformTransposed(q, j * 9, weighted, j * 3, e, 0);
      for (int c = 0; c < 3; c++) {
        gRest[j * 3 + c] -= e[c];
      }
    }
  }

  /** {@code u = s + P vec(R_j - I)}: {@code dL/dR_j += (P^T dL/du)} block {@code j-1}. */
  private void poseCorrectivesBackward(double[] gU, double[] gR) {
    int p = rig.poseInputCount;
    float[] dirs = rig.model.poseDirs();
    double[] gFeature = new double[p];
    for (int r = 0; r < rig.vertexCount * 3; r++) {
      double g = gU[r];
      if (g == 0.0) {
        continue;
      }
      int row = r * p;
      for (int i = 0; i < p; i++) {
        gFeature[i] += dirs[row + i] * g;
      }
    }
    for (int i = 0; i < p; i++) {
      gR[9 + i] += gFeature[i];
    }
  }

  /**
   * The dense Jacobian of chosen posed joints (world frame) with respect to all parameters; see
   * {@link BodyJacobian} for the layout.
   *
   * @param posed a pose computed by this rig
   * @param jointIds joint indices; row block {@code i} is joint {@code jointIds[i]}
   */
  public BodyJacobian jointJacobian(PosedBody posed, int[] jointIds) {
    return jacobian(posed, jointIds, false);
  }

  /**
   * The dense Jacobian of chosen posed vertices (world frame) with respect to all parameters; see
   * {@link BodyJacobian} for the layout. Only the chosen vertices are differentiated.
   *
   * @param posed a pose computed by this rig
   * @param vertexIds vertex indices; row block {@code i} is vertex {@code vertexIds[i]}
   */
  public BodyJacobian vertexJacobian(PosedBody posed, int[] vertexIds) {
    return jacobian(posed, vertexIds, true);
  }

  private BodyJacobian jacobian(PosedBody posed, int[] ids, boolean vertices) {
    checkPosed(posed);
    int nj = rig.jointCount;
    int limit = vertices ? rig.vertexCount : nj;
    for (int id : ids) {
      if (id < 0 || id >= limit) {
        throw new IllegalArgumentException(
            (vertices ? "vertex " : "joint ") + id + " out of range 0.." + (limit - 1));
      }
    }
    ShapedBody shaped = posed.shaped;
    int betaCount = shaped.betas().length;
    int expressionCount = shaped.expression().length;
    int shapeColumns = betaCount + expressionCount;
    int columns = nj * 3 + shapeColumns + 3;
    double[] values = new double[ids.length * 3 * columns];
    double[] omega = angularVelocities(posed);
    double[] shapeRest = new double[shapeColumns * nj * 3];
    double[] shapeJoints = new double[shapeColumns * nj * 3];
    shapeDerivatives(posed, betaCount, expressionCount, shapeRest, shapeJoints);
    double[] dR = null;
    if (vertices && rig.hasPoseCorrectives) {
      dR = new double[nj * 27];
      for (int j = 0; j < nj; j++) {
        Rotations.axisAngleToMatrixDerivatives(posed.pose, j * 3, dR, j * 27);
      }
    }
    for (int i = 0; i < ids.length; i++) {
      int row = i * 3 * columns;
      if (vertices) {
        vertexRows(
            posed, ids[i], omega, dR, shapeRest, shapeJoints, shapeColumns, values, row, columns);
      } else {
        jointRows(posed, ids[i], omega, shapeJoints, shapeColumns, values, row, columns);
      }
      int translAt = nj * 3 + shapeColumns;
      for (int c = 0; c < 3; c++) {
        values[row + c * columns + translAt + c] = 1.0;
      }
    }
    return new BodyJacobian(ids.length * 3, columns, values, nj, betaCount, expressionCount);
  }

  /**
   * {@code omega[(m*3 + k)*3 ..]}: the world angular velocity of joint {@code m}'s subtree per unit
   * change of its axis-angle component {@code k}, {@code Q_p vee(dR_m/dw_k R_m^T)}.
   */
  private double[] angularVelocities(PosedBody posed) {
    int nj = rig.jointCount;
    double[] omega = new double[nj * 9];
    double[] dR = new double[27];
    double[] s = new double[9];
    double[] local = new double[3];
    for (int m = 0; m < nj; m++) {
      Rotations.axisAngleToMatrixDerivatives(posed.pose, m * 3, dR, 0);
      int p = rig.parents[m];
      for (int k = 0; k < 3; k++) {
        Rotations.multiplyTransposeRight(dR, k * 9, posed.localRotations, m * 9, s, 0);
        // dR R^T is skew; averaging both halves of it reads its axis.
        local[0] = 0.5 * (s[7] - s[5]);
        local[1] = 0.5 * (s[2] - s[6]);
        local[2] = 0.5 * (s[3] - s[1]);
        if (p < 0) {
          System.arraycopy(local, 0, omega, (m * 3 + k) * 3, 3);
        } else {
          Rotations.transform(posed.jointRotations, p * 9, local, 0, omega, (m * 3 + k) * 3);
        }
      }
    }
    return omega;
  }

  /**
   * Per shape column {@code n} (betas, then expression): the rest-joint change {@code dJ = R D_n}
   * into {@code rest[n*J*3 ..]} and the posed-joint change into {@code posedJoints[n*J*3 ..]},
   * through {@code dt_j = Q_p (dJ_j - dJ_p) + dt_p}.
   */
  private void shapeDerivatives(
      PosedBody posed, int betaCount, int expressionCount, double[] rest, double[] posedJoints) {
    int nj = rig.jointCount;
    float[] dirs = rig.model.shapeDirs();
    int s = rig.blendShapeCount;
    double[] offset = new double[3];
    double[] rotated = new double[3];
    for (int n = 0; n < betaCount + expressionCount; n++) {
      int column = n < betaCount ? n : rig.model.shapeCount() + (n - betaCount);
      int base = n * nj * 3;
      for (int j = 0; j < nj; j++) {
        for (int k = rig.regressorStart[j]; k < rig.regressorStart[j + 1]; k++) {
          int v = rig.regressorVertex[k];
          double r = rig.regressorWeight[k];
          for (int c = 0; c < 3; c++) {
            rest[base + j * 3 + c] += r * dirs[(v * 3 + c) * s + column];
          }
        }
      }
      for (int j = 0; j < nj; j++) {
        int p = rig.parents[j];
        if (p < 0) {
          System.arraycopy(rest, base + j * 3, posedJoints, base + j * 3, 3);
          continue;
        }
        for (int c = 0; c < 3; c++) {
          offset[c] = rest[base + j * 3 + c] - rest[base + p * 3 + c];
        }
        Rotations.transform(posed.jointRotations, p * 9, offset, 0, rotated, 0);
        for (int c = 0; c < 3; c++) {
          posedJoints[base + j * 3 + c] = posedJoints[base + p * 3 + c] + rotated[c];
        }
      }
    }
  }

  /** Rows of posed joint {@code j}: {@code omega_m x (t_j - t_m)} for its strict ancestors. */
  private void jointRows(
      PosedBody posed,
      int j,
      double[] omega,
      double[] shapeJoints,
      int shapeColumns,
      double[] values,
      int row,
      int columns) {
    double[] t = posed.modelJoints;
    int nj = rig.jointCount;
    for (int m = rig.parents[j]; m >= 0; m = rig.parents[m]) {
      double dx = t[j * 3] - t[m * 3];
      double dy = t[j * 3 + 1] - t[m * 3 + 1];
      double dz = t[j * 3 + 2] - t[m * 3 + 2];
      addCross(omega, m, dx, dy, dz, 1.0, values, row, columns);
    }
    for (int n = 0; n < shapeColumns; n++) {
      for (int c = 0; c < 3; c++) {
        values[row + c * columns + nj * 3 + n] = shapeJoints[n * nj * 3 + j * 3 + c];
      }
    }
  }

  /**
   * Rows of posed vertex {@code i}: for each joint {@code j} it is skinned to, the point {@code y =
   * Q_j (u_i - J_j) + t_j} turns with every ancestor {@code m} of {@code j} (and {@code j} itself);
   * plus the pose-corrective and shape paths.
   */
  private void vertexRows(
      PosedBody posed,
      int i,
      double[] omega,
      double[] dR,
      double[] shapeRest,
      double[] shapeJoints,
      int shapeColumns,
      double[] values,
      int row,
      int columns) {
    int nj = rig.jointCount;
    double[] q = posed.jointRotations;
    double[] t = posed.modelJoints;
    double[] u = posed.posedRestVertices;
    double[] rest = posed.shaped.restJoints();
    double[] relative = new double[3];
    double[] y = new double[3];
    double[] blended = new double[9];
    for (int k = rig.weightStart[i]; k < rig.weightStart[i + 1]; k++) {
      int j = rig.weightJoint[k];
      double w = rig.weightValue[k];
      for (int c = 0; c < 3; c++) {
        relative[c] = u[i * 3 + c] - rest[j * 3 + c];
      }
      Rotations.transform(q, j * 9, relative, 0, y, 0);
      for (int c = 0; c < 3; c++) {
        y[c] += t[j * 3 + c];
      }
      for (int m = j; m >= 0; m = rig.parents[m]) {
        addCross(
            omega,
            m,
            y[0] - t[m * 3],
            y[1] - t[m * 3 + 1],
            y[2] - t[m * 3 + 2],
            w,
            values,
            row,
            columns);
      }
      for (int e = 0; e < 9; e++) {
        blended[e] += w * q[j * 9 + e];
      }
    }
    if (dR != null) {
      poseCorrectiveRows(i, dR, blended, values, row, columns);
    }
    // Shape column n: sum_j w_ij (Q_j (D_n,i - dJ_n,j) + dt_n,j).
    float[] dirs = rig.model.shapeDirs();
    int s = rig.blendShapeCount;
    int betaCount = posed.shaped.betas().length;
    double[] d = new double[3];
    for (int n = 0; n < shapeColumns; n++) {
      int column = n < betaCount ? n : rig.model.shapeCount() + (n - betaCount);
      int base = n * nj * 3;
      Arrays.fill(d, 0.0);
      for (int k = rig.weightStart[i]; k < rig.weightStart[i + 1]; k++) {
        int j = rig.weightJoint[k];
        double w = rig.weightValue[k];
        for (int c = 0; c < 3; c++) {
          relative[c] = dirs[(i * 3 + c) * s + column] - shapeRest[base + j * 3 + c];
        }
        Rotations.transform(q, j * 9, relative, 0, y, 0);
        for (int c = 0; c < 3; c++) {
          d[c] += w * (y[c] + shapeJoints[base + j * 3 + c]);
        }
      }
      for (int c = 0; c < 3; c++) {
        values[row + c * columns + nj * 3 + n] = d[c];
      }
    }
  }

  /**
   * {@code dv_i/dw_{m,k} += (sum_j w_ij Q_j) P_i,m vec(dR_m/dw_k)}: the pose correctives move the
   * rest vertex, which is then skinned.
   */
  private void poseCorrectiveRows(
      int i, double[] dR, double[] blended, double[] values, int row, int columns) {
    int p = rig.poseInputCount;
    float[] dirs = rig.model.poseDirs();
    double[] du = new double[3];
    for (int m = 1; m < rig.jointCount; m++) {
      int block = (m - 1) * 9;
      for (int k = 0; k < 3; k++) {
        int dOff = m * 27 + k * 9;
        for (int c = 0; c < 3; c++) {
          int at = (i * 3 + c) * p + block;
          double acc = 0;
          for (int e = 0; e < 9; e++) {
            acc += dirs[at + e] * dR[dOff + e];
          }
          du[c] = acc;
        }
        for (int r = 0; r < 3; r++) {
          values[row + r * columns + m * 3 + k] +=
              blended[r * 3] * du[0] + blended[r * 3 + 1] * du[1] + blended[r * 3 + 2] * du[2];
        }
      }
    }
  }

  /** Adds {@code scale * omega_{m,k} x d} to the three rows at pose columns {@code (m, k)}. */
  private static void addCross(
      double[] omega,
      int m,
      double dx,
      double dy,
      double dz,
      double scale,
      double[] values,
      int row,
      int columns) {
    for (int k = 0; k < 3; k++) {
      int o = (m * 3 + k) * 3;
      double ox = omega[o];
      double oy = omega[o + 1];
      double oz = omega[o + 2];
      int col = m * 3 + k;
      values[row + col] += scale * (oy * dz - oz * dy);
      values[row + columns + col] += scale * (oz * dx - ox * dz);
      values[row + 2 * columns + col] += scale * (ox * dy - oy * dx);
    }
  }

  private void checkPosed(PosedBody posed) {
    if (posed.shaped == null
        || posed.vertexCount != rig.vertexCount
        || posed.jointCount != rig.jointCount) {
      throw new IllegalArgumentException("the PosedBody was not posed by this model's rig");
    }
  }

  private static void addInto(double[] dest, int offset, double[] values) {
    addInto(dest, offset, values, 0, values.length);
  }

  private static void addInto(double[] dest, int offset, double[] src, int from, int count) {
    for (int i = 0; i < count; i++) {
      dest[offset + i] += src[from + i];
    }
  }
}
