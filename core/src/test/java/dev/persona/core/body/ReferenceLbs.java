package dev.persona.core.body;

/**
 * A slow, literal transcription of {@code smplx.lbs.lbs} for tests: dense arrays, 4x4 homogeneous
 * transforms, textbook Rodrigues, no caching and no sparsity. The fast {@link BodyRig} must agree
 * with it.
 */
final class ReferenceLbs {
  private ReferenceLbs() {}

  /** Posed vertices {@code [V*3]} and joints {@code [J*3]}, world frame. */
  record Output(double[] vertices, double[] joints) {}

  static Output forward(
      BodyModel m, double[] betas, double[] expression, double[] pose, double[] transl) {
    int nv = m.vertexCount();
    int nj = m.jointCount();
    int s = m.shapeCount() + m.expressionCount();
    double[] coeffs = new double[s];
    System.arraycopy(betas, 0, coeffs, 0, betas.length);
    System.arraycopy(expression, 0, coeffs, m.shapeCount(), expression.length);
    // v_shaped = v_template + blend_shapes(betas, shapedirs)
    double[] shaped = new double[nv * 3];
    for (int r = 0; r < nv * 3; r++) {
      shaped[r] = m.templateVertices()[r];
      for (int k = 0; k < s; k++) {
        shaped[r] += m.shapeDirs()[r * s + k] * coeffs[k];
      }
    }
    // J = vertices2joints(J_regressor, v_shaped)
    double[] rest = new double[nj * 3];
    for (int j = 0; j < nj; j++) {
      for (int v = 0; v < nv; v++) {
        for (int c = 0; c < 3; c++) {
          rest[j * 3 + c] += m.jointRegressor()[j * nv + v] * shaped[v * 3 + c];
        }
      }
    }
    // rot_mats = batch_rodrigues(pose); pose_feature = (rot_mats[1:] - I).view(-1)
    double[][] rot = new double[nj][];
    for (int j = 0; j < nj; j++) {
      rot[j] = rodrigues(pose[j * 3], pose[j * 3 + 1], pose[j * 3 + 2]);
    }
    int p = m.poseInputCount();
    double[] feature = new double[p];
    for (int j = 1; j < nj; j++) {
      for (int e = 0; e < 9; e++) {
        feature[(j - 1) * 9 + e] = rot[j][e] - (e % 4 == 0 ? 1 : 0);
      }
    }
    double[] posedRest = new double[nv * 3];
    for (int r = 0; r < nv * 3; r++) {
      posedRest[r] = shaped[r];
      for (int k = 0; k < p; k++) {
        posedRest[r] += m.poseDirs()[r * p + k] * feature[k];
      }
    }
    // batch_rigid_transform: 4x4 chain, then subtract G_j [J_j; 0].
    double[][] g = new double[nj][];
    for (int j = 0; j < nj; j++) {
      int par = m.parents()[j];
      double[] relative = new double[3];
      for (int c = 0; c < 3; c++) {
        relative[c] = rest[j * 3 + c] - (par < 0 ? 0 : rest[par * 3 + c]);
      }
      double[] local = homogeneous(rot[j], relative);
      g[j] = par < 0 ? local : mul4(g[par], local);
    }
    double[] joints = new double[nj * 3];
    double[][] a = new double[nj][];
    for (int j = 0; j < nj; j++) {
      for (int c = 0; c < 3; c++) {
        joints[j * 3 + c] = g[j][c * 4 + 3] + transl[c];
      }
      a[j] = g[j].clone();
      for (int r = 0; r < 3; r++) {
        double gj = 0;
        for (int c = 0; c < 3; c++) {
          gj += g[j][r * 4 + c] * rest[j * 3 + c];
        }
        a[j][r * 4 + 3] -= gj;
      }
    }
    // T = weights @ A; v = T [v_posed; 1] + transl
    double[] vertices = new double[nv * 3];
    for (int v = 0; v < nv; v++) {
      double[] t = new double[16];
      for (int j = 0; j < nj; j++) {
        double w = m.skinWeights()[v * nj + j];
        for (int e = 0; e < 16; e++) {
          t[e] += w * a[j][e];
        }
      }
      for (int r = 0; r < 3; r++) {
        double x = t[r * 4 + 3];
        for (int c = 0; c < 3; c++) {
          x += t[r * 4 + c] * posedRest[v * 3 + c];
        }
        vertices[v * 3 + r] = x + transl[r];
      }
    }
    return new Output(vertices, joints);
  }

  /** {@code R = cos t I + sin t [k]x + (1 - cos t) k k^T}, the textbook form. */
  static double[] rodrigues(double x, double y, double z) {
    double t = Math.sqrt(x * x + y * y + z * z);
    if (t == 0) {
      return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }
    double kx = x / t;
    double ky = y / t;
    double kz = z / t;
    double c = Math.cos(t);
    double s = Math.sin(t);
    double v = 1 - c;
    return new double[] {
      c + v * kx * kx,
      v * kx * ky - s * kz,
      v * kx * kz + s * ky,
      v * kx * ky + s * kz,
      c + v * ky * ky,
      v * ky * kz - s * kx,
      v * kx * kz - s * ky,
      v * ky * kz + s * kx,
      c + v * kz * kz
    };
  }

  private static double[] homogeneous(double[] r, double[] t) {
    return new double[] {
      r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2], 0, 0, 0, 1
    };
  }

  private static double[] mul4(double[] a, double[] b) {
    double[] out = new double[16];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        for (int k = 0; k < 4; k++) {
          out[r * 4 + c] += a[r * 4 + k] * b[k * 4 + c];
        }
      }
    }
    return out;
  }
}
