package dev.persona.smplx.fitting;

import dev.persona.core.body.BodyDerivatives;
import dev.persona.core.body.BodyJacobian;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.smplx.perception.PoseLandmarks;
import java.util.Arrays;

/**
 * The SMPLify-X style objective (Pavlakos et al. 2019, Eq. 1, without the hand, face and
 * interpenetration terms) as stacked residuals for Levenberg-Marquardt: {@code E = E_J + E_D + E_S
 * + E_theta + E_beta}.
 *
 * <p>Unknowns, packed as {@code x = [global_orient (3), body_pose (63), betas (B), transl (3)]};
 * the camera is fixed ({@link PhotoCamera}) and hands, jaw and eyes keep the pose they were given.
 *
 * <ul>
 *   <li>{@code E_J}: for each landmark with confidence {@code c}, map weight {@code w} and image
 *       residual {@code e = (pi(P) - t) / size}: {@code lambda_J c w rho(|e|^2)}, Geman-McClure
 *       with {@code sigma} = {@value #LANDMARK_SIGMA} of the person's size.
 *   <li>{@code E_D}: for bones between landmarks, {@code lambda_D c (u_z - t_z)^2} with {@code u}
 *       the body bone's unit direction in camera axes and {@code t} BlazePose's world bone's; depth
 *       is what one photo cannot tell, and this is BlazePose's learnt guess at it.
 *   <li>{@code E_S}: silhouette (Chamfer-like, both ways, each a mean over its points, robust with
 *       {@code sigma} = {@value #SILHOUETTE_SIGMA}): each visible outline vertex's projection
 *       against the nearest mask pixel (the mask's distance transform, with the argmin), and each
 *       mask outline point against the nearest projected outline vertex. The correspondences come
 *       from a rasterization of the current body and are held fixed while differentiating (the
 *       gradient of the distance transform at a point equals that of the distance to its nearest
 *       pixel, so this is the distance transform's gradient where it has one); they are renewed at
 *       every evaluation.
 *   <li>{@code E_theta}: {@code lambda_theta |theta_body - theta_mean|^2} towards {@link
 *       #MEAN_POSE}, plus squared hinges {@code lambda_L max(0, s theta_k - limit)^2} on elbow and
 *       knee flexion the wrong way (SMPLify's angle prior on joints 18, 19, 4, 5), on the knees'
 *       non-hinge axes and elbows' out-of-plane axis beyond 0.1 and 0.3 rad, and on each spine
 *       joint's components beyond 0.5 rad.
 *   <li>{@code E_beta}: {@code lambda_beta |beta|^2}.
 * </ul>
 *
 * <p>Robust terms enter as iteratively reweighted residuals {@code sqrt(lambda rho'(s)) e} (see
 * {@link GemanMcClure}): {@code 2 J^T r} is then the exact gradient of {@code E}, and {@link
 * Evaluation#cost} is {@code E} itself (not {@code |r|^2}). Not thread-safe.
 */
final class FitObjective {
  static final double LANDMARK_SIGMA = 0.05;
  static final double SILHOUETTE_SIGMA = 0.05;

  /** Term indices of {@link Evaluation#termCosts}. */
  static final int TERM_LANDMARKS = 0;

  static final int TERM_DEPTH = 1;
  static final int TERM_SILHOUETTE = 2;
  static final int TERM_POSE = 3;
  static final int TERM_SHAPE = 4;
  static final String[] TERM_NAMES = {"landmarks", "depth", "silhouette", "pose", "shape"};

  /** Landmark pairs whose direction's depth component BlazePose's world landmarks constrain. */
  static final int[][] BONES = {
    {PoseLandmarks.RIGHT_SHOULDER, PoseLandmarks.LEFT_SHOULDER},
    {PoseLandmarks.RIGHT_HIP, PoseLandmarks.LEFT_HIP},
    {PoseLandmarks.LEFT_SHOULDER, PoseLandmarks.LEFT_HIP},
    {PoseLandmarks.RIGHT_SHOULDER, PoseLandmarks.RIGHT_HIP},
    {PoseLandmarks.LEFT_SHOULDER, PoseLandmarks.LEFT_ELBOW},
    {PoseLandmarks.LEFT_ELBOW, PoseLandmarks.LEFT_WRIST},
    {PoseLandmarks.RIGHT_SHOULDER, PoseLandmarks.RIGHT_ELBOW},
    {PoseLandmarks.RIGHT_ELBOW, PoseLandmarks.RIGHT_WRIST},
    {PoseLandmarks.LEFT_HIP, PoseLandmarks.LEFT_KNEE},
    {PoseLandmarks.LEFT_KNEE, PoseLandmarks.LEFT_ANKLE},
    {PoseLandmarks.RIGHT_HIP, PoseLandmarks.RIGHT_KNEE},
    {PoseLandmarks.RIGHT_KNEE, PoseLandmarks.RIGHT_ANKLE}
  };

  /** Hinge limits: {x index, sign, limit}: penalised when {@code sign * x[index] > limit}. */
  private static final double[][] LIMITS = limits();

  static final int BODY_PARAMS = 3 + SmplxJoints.BODY_JOINTS * 3;

  /** Shoulder z rotation of {@link #MEAN_POSE}: arms about 40 degrees below horizontal. */
  static final double MEAN_SHOULDER_ANGLE = 0.7;

  /**
   * {@code [66]} global orientation and body pose the pose prior pulls towards and the fit starts
   * from: the rest pose with the arms lowered (SMPLify starts from its prior's mean, arms relaxed).
   */
  static final double[] MEAN_POSE = meanPose();

  private final BodyRig rig;
  private final BodyDerivatives derivatives;
  private final LandmarkMap map;
  private final LandmarkTargets targets;
  private final PinholeCamera camera;
  private final SilhouetteMatcher silhouette;
  private final double[] basePose;
  private final int betaCount;
  private final double[] fixedBetas;
  private final double size;
  private final double[] rotation = new double[9];
  private final double[] translation = new double[3];
  private final PosedBody posed;
  private final double[] projection = new double[6];
  private final double[] pixelPerWorld = new double[6];
  private ShapedBody shaped;

  /**
   * @param silhouette the mask's matcher, or {@code null} for none (the term is then 0)
   * @param basePose {@code [55*3]} the full pose whose jaw, eyes and hands are kept
   * @param betaCount how many betas are unknowns
   * @param fixedBetas the shape when {@code betaCount} is 0 (empty: the mean shape)
   */
  FitObjective(
      BodyRig rig,
      LandmarkMap map,
      LandmarkTargets targets,
      PinholeCamera camera,
      SilhouetteMatcher silhouette,
      double[] basePose,
      int betaCount,
      double[] fixedBetas) {
    this.rig = rig;
    this.fixedBetas = fixedBetas.clone();
    this.derivatives = new BodyDerivatives(rig);
    this.map = map;
    this.targets = targets;
    this.camera = camera;
    this.silhouette = silhouette;
    this.basePose = basePose.clone();
    this.betaCount = betaCount;
    this.size = targets.personSize();
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        rotation[r * 3 + c] = camera.worldToCamera(r, c);
      }
      translation[r] = camera.worldToCamera(r, 3);
    }
    this.posed = rig.newPosedBody();
  }

  private static double[] meanPose() {
    double[] pose = new double[BODY_PARAMS];
    pose[3 * SmplxJoints.index("left_shoulder") + 2] = -MEAN_SHOULDER_ANGLE;
    pose[3 * SmplxJoints.index("right_shoulder") + 2] = MEAN_SHOULDER_ANGLE;
    return pose;
  }

  private static double[][] limits() {
    double[][] out = new double[34][];
    int k = 0;
    out[k++] = new double[] {3 * 18 + 1, 1, 0}; // left elbow bends about -y
    out[k++] = new double[] {3 * 19 + 1, -1, 0}; // right elbow about +y
    out[k++] = new double[] {3 * 4, -1, 0}; // knees bend about +x
    out[k++] = new double[] {3 * 5, -1, 0};
    for (int knee : new int[] {4, 5}) {
      for (int axis = 1; axis < 3; axis++) {
        out[k++] = new double[] {3 * knee + axis, 1, 0.1};
        out[k++] = new double[] {3 * knee + axis, -1, 0.1};
      }
    }
    for (int elbow : new int[] {18, 19}) {
      out[k++] = new double[] {3 * elbow + 2, 1, 0.3};
      out[k++] = new double[] {3 * elbow + 2, -1, 0.3};
    }
    for (int spine : new int[] {3, 6, 9}) {
      for (int axis = 0; axis < 3; axis++) {
        out[k++] = new double[] {3 * spine + axis, 1, 0.5};
        out[k++] = new double[] {3 * spine + axis, -1, 0.5};
      }
    }
    return out;
  }

  int parameterCount() {
    return BODY_PARAMS + betaCount + 3;
  }

  int betaCount() {
    return betaCount;
  }

  /** Index of {@code transl}'s first component in {@code x}. */
  int translIndex() {
    return BODY_PARAMS + betaCount;
  }

  static int betaIndex(int b) {
    return BODY_PARAMS + b;
  }

  double personSize() {
    return size;
  }

  PinholeCamera camera() {
    return camera;
  }

  LandmarkTargets targets() {
    return targets;
  }

  LandmarkMap map() {
    return map;
  }

  /** The full pose {@code [55*3]} for unknowns {@code x}. */
  double[] fullPose(double[] x) {
    double[] pose = basePose.clone();
    System.arraycopy(x, 0, pose, 0, BODY_PARAMS);
    return pose;
  }

  double[] betas(double[] x) {
    if (betaCount == 0) {
      return fixedBetas.clone();
    }
    return Arrays.copyOfRange(x, BODY_PARAMS, BODY_PARAMS + betaCount);
  }

  double[] transl(double[] x) {
    return Arrays.copyOfRange(x, translIndex(), translIndex() + 3);
  }

  /** Poses the body at {@code x}; the result is this objective's buffer, valid until next call. */
  PosedBody pose(double[] x) {
    double[] betas = betas(x);
    if (shaped == null || !Arrays.equals(shaped.betas(), betas)) {
      shaped = rig.shape(betas, new double[0]);
    }
    rig.pose(shaped, fullPose(x), transl(x), posed);
    return posed;
  }

  /** The objective at {@code x}, with fresh silhouette correspondences. */
  Evaluation evaluate(double[] x, FitTerms terms, boolean withJacobian) {
    return evaluate(x, terms, null, withJacobian);
  }

  /**
   * The objective at {@code x}.
   *
   * @param match silhouette correspondences to hold, or {@code null} to find them for this body
   */
  Evaluation evaluate(double[] x, FitTerms terms, SilhouetteMatch match, boolean withJacobian) {
    int n = parameterCount();
    PosedBody body = pose(x);
    double[] joints = body.joints();
    double[] vertices = body.vertices();
    boolean useSilhouette = silhouette != null && terms.silhouette() > 0;
    if (useSilhouette && match == null) {
      match = silhouette.match(vertices);
    }
    int outline = useSilhouette ? match.outlineVertices().length : 0;
    int contour = useSilhouette ? match.contourVertices().length : 0;
    int bones = targets.hasWorld() && terms.depth() > 0 ? BONES.length : 0;
    int rows =
        2 * PoseLandmarks.COUNT
            + bones
            + 2 * outline
            + 2 * contour
            + SmplxJoints.BODY_JOINTS * 3
            + LIMITS.length
            + betaCount;
    double[] r = new double[rows];
    double[] jac = withJacobian ? new double[rows * n] : null;
    double[] termCosts = new double[TERM_NAMES.length];

    // Points whose Jacobians are needed: landmark joints and vertices, then silhouette vertices.
    int[] jointIds = new int[PoseLandmarks.COUNT];
    int[] vertexIds = new int[PoseLandmarks.COUNT + outline + contour];
    int[] slot = new int[PoseLandmarks.COUNT];
    int nj = 0;
    int nvx = 0;
    for (int l = 0; l < PoseLandmarks.COUNT; l++) {
      if (map.vertex()[l]) {
        slot[l] = nvx;
        vertexIds[nvx++] = map.index()[l];
      } else {
        slot[l] = nj;
        jointIds[nj++] = map.index()[l];
      }
    }
    int firstOutline = nvx;
    for (int k = 0; k < outline; k++) {
      vertexIds[nvx++] = match.outlineVertices()[k];
    }
    int firstContour = nvx;
    for (int c = 0; c < contour; c++) {
      int v = match.contourVertices()[c];
      vertexIds[nvx++] = Math.max(v, 0);
    }
    BodyJacobian jointJac = null;
    BodyJacobian vertexJac = null;
    int[] columns = null;
    if (withJacobian) {
      jointJac = derivatives.jointJacobian(body, Arrays.copyOf(jointIds, nj));
      vertexJac = derivatives.vertexJacobian(body, Arrays.copyOf(vertexIds, nvx));
      columns = columns(jointJac);
    }

    double[] p = new double[3];
    double[] c = new double[3];
    double[] pixel = new double[2];
    double[] pointJ = new double[3 * n];
    double[] pixelJ = new double[2 * n];
    int row = 0;

    // E_J: landmark reprojection.
    for (int l = 0; l < PoseLandmarks.COUNT; l++) {
      double weight = terms.landmarks() * targets.confidence()[l] * map.weight()[l];
      if (terms.torsoOnly() && !isTorsoOrHead(l)) {
        weight = 0;
      }
      if (weight > 0) {
        map.position(l, joints, vertices, p);
        project(p, c, pixel);
        double ex = (pixel[0] - targets.x()[l]) / size;
        double ey = (pixel[1] - targets.y()[l]) / size;
        double s = ex * ex + ey * ey;
        termCosts[TERM_LANDMARKS] += weight * GemanMcClure.rho(s, LANDMARK_SIGMA);
        double scale = Math.sqrt(weight * GemanMcClure.weight(s, LANDMARK_SIGMA));
        r[row] = scale * ex;
        r[row + 1] = scale * ey;
        if (withJacobian) {
          BodyJacobian bj = map.vertex()[l] ? vertexJac : jointJac;
          pointJacobian(bj, slot[l], columns, pointJ);
          pixelJacobian(c, pointJ, pixelJ, n);
          addRows(jac, row, pixelJ, scale / size, n);
        }
      }
      row += 2;
    }

    // E_D: bone directions' depth against BlazePose's world landmarks.
    double[] q = new double[3];
    double[] cq = new double[3];
    double[] qJ = new double[3 * n];
    for (int b = 0; b < bones; b++) {
      int la = BONES[b][0];
      int lb = BONES[b][1];
      double weight = terms.depth() * Math.min(targets.confidence()[la], targets.confidence()[lb]);
      double[] w = targets.world();
      double tx = w[3 * lb] - w[3 * la];
      double ty = w[3 * lb + 1] - w[3 * la + 1];
      double tz = w[3 * lb + 2] - w[3 * la + 2];
      double tLength = Math.sqrt(tx * tx + ty * ty + tz * tz);
      if (weight > 0 && tLength > 1e-6) {
        map.position(la, joints, vertices, p);
        map.position(lb, joints, vertices, q);
        toCamera(p, c);
        toCamera(q, cq);
        double dx = cq[0] - c[0];
        double dy = cq[1] - c[1];
        double dz = cq[2] - c[2];
        double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double uz = dz / length;
        double res = uz - tz / tLength;
        double scale = Math.sqrt(weight);
        termCosts[TERM_DEPTH] += weight * res * res;
        r[row] = scale * res;
        if (withJacobian && length > 1e-9) {
          // d u_z / d d = (e_z - u_z u) / |d| in camera axes; d d = R (dP_b - dP_a).
          double gx = -uz * dx / length / length;
          double gy = -uz * dy / length / length;
          double gz = (1 - uz * uz) / length;
          double wx = rotation[0] * gx + rotation[3] * gy + rotation[6] * gz;
          double wy = rotation[1] * gx + rotation[4] * gy + rotation[7] * gz;
          double wz = rotation[2] * gx + rotation[5] * gy + rotation[8] * gz;
          pointJacobian(map.vertex()[la] ? vertexJac : jointJac, slot[la], columns, pointJ);
          pointJacobian(map.vertex()[lb] ? vertexJac : jointJac, slot[lb], columns, qJ);
          int base = row * n;
          for (int k = 0; k < n; k++) {
            double d0 = qJ[k] - pointJ[k];
            double d1 = qJ[n + k] - pointJ[n + k];
            double d2 = qJ[2 * n + k] - pointJ[2 * n + k];
            jac[base + k] = scale * (wx * d0 + wy * d1 + wz * d2);
          }
        }
      }
      row++;
    }

    // E_S: silhouette, both directions.
    if (useSilhouette) {
      double[] outlineTargets = match.outlineTargets();
      double outlineWeight = terms.silhouette() / Math.max(1, outline);
      for (int k = 0; k < outline; k++) {
        if (!Double.isNaN(outlineTargets[2 * k])) {
          int at = match.outlineVertices()[k] * 3;
          row =
              silhouetteRows(
                  vertices,
                  at,
                  outlineTargets[2 * k],
                  outlineTargets[2 * k + 1],
                  outlineWeight,
                  vertexJac,
                  firstOutline + k,
                  columns,
                  r,
                  jac,
                  row,
                  termCosts,
                  p,
                  c,
                  pixel,
                  pointJ,
                  pixelJ,
                  n);
        } else {
          row += 2;
        }
      }
      double[] contourPoints = silhouette.target().contour();
      double contourWeight = terms.silhouette() / Math.max(1, contour);
      for (int k = 0; k < contour; k++) {
        int v = match.contourVertices()[k];
        if (v >= 0) {
          row =
              silhouetteRows(
                  vertices,
                  v * 3,
                  contourPoints[2 * k],
                  contourPoints[2 * k + 1],
                  contourWeight,
                  vertexJac,
                  firstContour + k,
                  columns,
                  r,
                  jac,
                  row,
                  termCosts,
                  p,
                  c,
                  pixel,
                  pointJ,
                  pixelJ,
                  n);
        } else {
          row += 2;
        }
      }
    }

    // E_theta: quadratic prior and joint-limit hinges on the body pose.
    double poseScale = Math.sqrt(terms.posePrior());
    for (int k = 3; k < BODY_PARAMS; k++) {
      double d = x[k] - MEAN_POSE[k];
      r[row] = poseScale * d;
      termCosts[TERM_POSE] += terms.posePrior() * d * d;
      if (withJacobian) {
        jac[row * n + k] = poseScale;
      }
      row++;
    }
    double limitScale = Math.sqrt(terms.jointLimits());
    for (double[] limit : LIMITS) {
      int k = (int) limit[0];
      double excess = limit[1] * x[k] - limit[2];
      if (excess > 0) {
        r[row] = limitScale * excess;
        termCosts[TERM_POSE] += terms.jointLimits() * excess * excess;
        if (withJacobian) {
          jac[row * n + k] = limitScale * limit[1];
        }
      }
      row++;
    }

    // E_beta.
    double shapeScale = Math.sqrt(terms.shapePrior());
    for (int b = 0; b < betaCount; b++) {
      int k = betaIndex(b);
      r[row] = shapeScale * x[k];
      termCosts[TERM_SHAPE] += terms.shapePrior() * x[k] * x[k];
      if (withJacobian) {
        jac[row * n + k] = shapeScale;
      }
      row++;
    }

    double cost = 0;
    for (double t : termCosts) {
      cost += t;
    }
    return new Evaluation(cost, termCosts, r, jac, rows, n, match);
  }

  private int silhouetteRows(
      double[] vertices,
      int at,
      double tx,
      double ty,
      double weight,
      BodyJacobian vertexJac,
      int slot,
      int[] columns,
      double[] r,
      double[] jac,
      int row,
      double[] termCosts,
      double[] p,
      double[] c,
      double[] pixel,
      double[] pointJ,
      double[] pixelJ,
      int n) {
    p[0] = vertices[at];
    p[1] = vertices[at + 1];
    p[2] = vertices[at + 2];
    project(p, c, pixel);
    double ex = (pixel[0] - tx) / size;
    double ey = (pixel[1] - ty) / size;
    double s = ex * ex + ey * ey;
    termCosts[TERM_SILHOUETTE] += weight * GemanMcClure.rho(s, SILHOUETTE_SIGMA);
    double scale = Math.sqrt(weight * GemanMcClure.weight(s, SILHOUETTE_SIGMA));
    r[row] = scale * ex;
    r[row + 1] = scale * ey;
    if (jac != null) {
      pointJacobian(vertexJac, slot, columns, pointJ);
      pixelJacobian(c, pointJ, pixelJ, n);
      addRows(jac, row, pixelJ, scale / size, n);
    }
    return row + 2;
  }

  private static boolean isTorsoOrHead(int l) {
    return l <= PoseLandmarks.MOUTH_RIGHT
        || l == PoseLandmarks.LEFT_SHOULDER
        || l == PoseLandmarks.RIGHT_SHOULDER
        || l == PoseLandmarks.LEFT_HIP
        || l == PoseLandmarks.RIGHT_HIP;
  }

  /** For each unknown, its column in the body Jacobian. */
  private int[] columns(BodyJacobian j) {
    int[] out = new int[parameterCount()];
    for (int k = 0; k < BODY_PARAMS; k++) {
      out[k] = k;
    }
    for (int b = 0; b < betaCount; b++) {
      out[betaIndex(b)] = j.betaColumn(b);
    }
    for (int a = 0; a < 3; a++) {
      out[translIndex() + a] = j.translColumn(a);
    }
    return out;
  }

  /** Rows {@code 3*slot..3*slot+2} of {@code j} in the unknowns' order, into {@code dest[3*n]}. */
  private static void pointJacobian(BodyJacobian j, int slot, int[] columns, double[] dest) {
    int n = columns.length;
    double[] v = j.values();
    int cols = j.columns();
    for (int a = 0; a < 3; a++) {
      int base = (3 * slot + a) * cols;
      for (int k = 0; k < n; k++) {
        dest[a * n + k] = v[base + columns[k]];
      }
    }
  }

  private void toCamera(double[] p, double[] dest) {
    for (int a = 0; a < 3; a++) {
      dest[a] =
          rotation[a * 3] * p[0]
              + rotation[a * 3 + 1] * p[1]
              + rotation[a * 3 + 2] * p[2]
              + translation[a];
    }
  }

  /** Projects world point {@code p}: camera point into {@code c}, pixel into {@code pixel}. */
  private void project(double[] p, double[] c, double[] pixel) {
    toCamera(p, c);
    pixel[0] = camera.fx() * c[0] / c[2] + camera.cx();
    pixel[1] = camera.fy() * c[1] / c[2] + camera.cy();
  }

  /** {@code d pixel / d x = P(c) R dP/dx}, {@code [2*n]}. */
  private void pixelJacobian(double[] c, double[] pointJ, double[] dest, int n) {
    double[] proj = projection;
    camera.projectJacobian(c, proj);
    double[] m = pixelPerWorld;
    for (int i = 0; i < 2; i++) {
      for (int a = 0; a < 3; a++) {
        m[i * 3 + a] =
            proj[i * 3] * rotation[a]
                + proj[i * 3 + 1] * rotation[3 + a]
                + proj[i * 3 + 2] * rotation[6 + a];
      }
    }
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < n; k++) {
        dest[i * n + k] =
            m[i * 3] * pointJ[k] + m[i * 3 + 1] * pointJ[n + k] + m[i * 3 + 2] * pointJ[2 * n + k];
      }
    }
  }

  private static void addRows(double[] jac, int row, double[] pixelJ, double scale, int n) {
    for (int i = 0; i < 2; i++) {
      int base = (row + i) * n;
      for (int k = 0; k < n; k++) {
        jac[base + k] = scale * pixelJ[i * n + k];
      }
    }
  }

  /**
   * The objective's value and its stacked (reweighted) residuals.
   *
   * @param cost {@code E}, the sum of {@code termCosts}
   * @param termCosts per term, in {@link #TERM_NAMES} order
   * @param residuals {@code [rows]}
   * @param jacobian {@code [rows * columns]} row-major, or {@code null} when not asked for
   * @param match the silhouette correspondences used, or {@code null}
   */
  @SuppressWarnings("ArrayRecordComponent") // scratch handed to the solver
  record Evaluation(
      double cost,
      double[] termCosts,
      double[] residuals,
      double[] jacobian,
      int rows,
      int columns,
      SilhouetteMatch match) {

    /** {@code dE/dx = 2 J^T r}. */
    double[] gradient() {
      double[] g = new double[columns];
      for (int i = 0; i < rows; i++) {
        double ri = residuals[i];
        if (ri == 0) {
          continue;
        }
        int base = i * columns;
        for (int k = 0; k < columns; k++) {
          g[k] += 2 * ri * jacobian[base + k];
        }
      }
      return g;
    }
  }
}
