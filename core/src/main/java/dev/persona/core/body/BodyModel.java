package dev.persona.core.body;

/**
 * A body model in SMPL-X's layout: the arrays of the official {@code SMPLX_*.npz} files, held as
 * flat C-order buffers with the same shapes. SMPL-X itself, the built-in procedural body and the
 * MakeHuman import are all instances of this class, so everything downstream works with any of
 * them. Immutable by contract: the arrays are shared, never written after construction.
 *
 * <p>Units are metres, y up, the body facing +z in the rest pose (SMPL-X's convention). {@code V}
 * vertices, {@code F} triangles, {@code J = 55} joints, {@code S = shapeCount + expressionCount}
 * blend-shape directions, {@code P = (J - 1) * 9} pose-corrective inputs.
 *
 * <ul>
 *   <li>{@code templateVertices [V*3]} — npz {@code v_template (V,3)}: the rest-pose mesh.
 *   <li>{@code faces [F*3]} — npz {@code f (F,3)}: triangles, counter-clockwise seen from outside.
 *   <li>{@code shapeDirs [V*3*S]} — npz {@code shapedirs (V,3,S)}: the first {@code shapeCount}
 *       columns are the identity shape directions (betas), the remaining {@code expressionCount}
 *       the expression directions. Vertex {@code v}, axis {@code c}, direction {@code s} is at
 *       {@code (v*3+c)*S + s}.
 *   <li>{@code poseDirs [V*3*P]} — npz {@code posedirs (V,3,P)}: pose-corrective blend shapes,
 *       driven by the flattened {@code (R_j - I)} of joints 1..54 (row-major 3x3 each).
 *   <li>{@code jointRegressor [J*V]} — npz {@code J_regressor (J,V)}, dense: rest joints are {@code
 *       J_regressor @ shaped vertices}.
 *   <li>{@code parents [J]} — row 0 of npz {@code kintree_table (2,J)}, -1 for the root.
 *   <li>{@code skinWeights [V*J]} — npz {@code weights (V,J)}: linear-blend-skinning weights, each
 *       row summing to 1.
 *   <li>{@code uvs [T*2]}, {@code uvFaces [F*3]} — npz {@code vt (T,2)}, {@code ft (F,3)}: optional
 *       texture coordinates (u right, v up, as in OBJ), {@code null} when absent.
 *   <li>{@code handComponentsLeft/Right [K*45]}, {@code handMeanLeft/Right [45]} — npz {@code
 *       hands_componentsl/r}, {@code hands_meanl/r}: optional hand-pose PCA, {@code null} when
 *       absent.
 * </ul>
 */
public final class BodyModel {
  private final String name;
  private final float[] templateVertices;
  private final int[] faces;
  private final float[] shapeDirs;
  private final int shapeCount;
  private final int expressionCount;
  private final float[] poseDirs;
  private final float[] jointRegressor;
  private final int[] parents;
  private final float[] skinWeights;
  private final float[] uvs;
  private final int[] uvFaces;
  private final float[] handComponentsLeft;
  private final float[] handComponentsRight;
  private final float[] handMeanLeft;
  private final float[] handMeanRight;

  /** Validates shapes and stores the arrays (not copied). See the class doc for each array. */
  public BodyModel(
      String name,
      float[] templateVertices,
      int[] faces,
      float[] shapeDirs,
      int shapeCount,
      int expressionCount,
      float[] poseDirs,
      float[] jointRegressor,
      int[] parents,
      float[] skinWeights,
      float[] uvs,
      int[] uvFaces,
      float[] handComponentsLeft,
      float[] handComponentsRight,
      float[] handMeanLeft,
      float[] handMeanRight) {
    this.name = name;
    this.templateVertices = templateVertices;
    this.faces = faces;
    this.shapeDirs = shapeDirs;
    this.shapeCount = shapeCount;
    this.expressionCount = expressionCount;
    this.poseDirs = poseDirs;
    this.jointRegressor = jointRegressor;
    this.parents = parents;
    this.skinWeights = skinWeights;
    this.uvs = uvs;
    this.uvFaces = uvFaces;
    this.handComponentsLeft = handComponentsLeft;
    this.handComponentsRight = handComponentsRight;
    this.handMeanLeft = handMeanLeft;
    this.handMeanRight = handMeanRight;
    validate();
  }

  /** A body without texture coordinates' absence checks or hand PCA: the common case. */
  public static BodyModel of(
      String name,
      float[] templateVertices,
      int[] faces,
      float[] shapeDirs,
      int shapeCount,
      int expressionCount,
      float[] poseDirs,
      float[] jointRegressor,
      int[] parents,
      float[] skinWeights,
      float[] uvs,
      int[] uvFaces) {
    return new BodyModel(
        name,
        templateVertices,
        faces,
        shapeDirs,
        shapeCount,
        expressionCount,
        poseDirs,
        jointRegressor,
        parents,
        skinWeights,
        uvs,
        uvFaces,
        null,
        null,
        null,
        null);
  }

  private void validate() {
    if (templateVertices.length == 0 || templateVertices.length % 3 != 0) {
      throw new IllegalArgumentException(
          "v_template must be (V,3), got " + templateVertices.length);
    }
    int v = vertexCount();
    int j = jointCount();
    if (faces.length % 3 != 0) {
      throw new IllegalArgumentException("f must be (F,3)");
    }
    for (int idx : faces) {
      if (idx < 0 || idx >= v) {
        throw new IllegalArgumentException("f refers to vertex " + idx + " of " + v);
      }
    }
    if (shapeCount < 0 || expressionCount < 0) {
      throw new IllegalArgumentException("negative blend-shape counts");
    }
    int s = shapeCount + expressionCount;
    if (shapeDirs.length != v * 3 * s) {
      throw new IllegalArgumentException(
          "shapedirs must be (V,3,"
              + s
              + ") = "
              + (v * 3 * s)
              + " values, got "
              + shapeDirs.length);
    }
    if (poseDirs.length != v * 3 * poseInputCount()) {
      throw new IllegalArgumentException(
          "posedirs must be (V,3," + poseInputCount() + "), got " + poseDirs.length + " values");
    }
    if (jointRegressor.length != j * v) {
      throw new IllegalArgumentException("J_regressor must be (" + j + "," + v + ")");
    }
    if (skinWeights.length != v * j) {
      throw new IllegalArgumentException("weights must be (" + v + "," + j + ")");
    }
    for (int i = 0; i < j; i++) {
      if (i == 0 ? parents[i] != -1 : parents[i] < 0 || parents[i] >= i) {
        throw new IllegalArgumentException(
            "kintree_table must list parents before children with the root first; joint "
                + i
                + " has parent "
                + parents[i]);
      }
    }
    if ((uvs == null) != (uvFaces == null)) {
      throw new IllegalArgumentException("vt and ft come together");
    }
    if (uvs != null) {
      if (uvs.length % 2 != 0 || uvFaces.length != faces.length) {
        throw new IllegalArgumentException("vt must be (T,2) and ft (F,3)");
      }
      int t = uvs.length / 2;
      for (int idx : uvFaces) {
        if (idx < 0 || idx >= t) {
          throw new IllegalArgumentException("ft refers to uv " + idx + " of " + t);
        }
      }
    }
  }

  public String name() {
    return name;
  }

  public int vertexCount() {
    return templateVertices.length / 3;
  }

  public int faceCount() {
    return faces.length / 3;
  }

  public int jointCount() {
    return parents.length;
  }

  /** Number of identity shape directions (betas). */
  public int shapeCount() {
    return shapeCount;
  }

  /** Number of expression directions, stored after the shape directions in {@code shapedirs}. */
  public int expressionCount() {
    return expressionCount;
  }

  /** {@code P = (J - 1) * 9}: one (R - I) per non-root joint. */
  public int poseInputCount() {
    return (jointCount() - 1) * 9;
  }

  public float[] templateVertices() {
    return templateVertices;
  }

  public int[] faces() {
    return faces;
  }

  public float[] shapeDirs() {
    return shapeDirs;
  }

  public float[] poseDirs() {
    return poseDirs;
  }

  public float[] jointRegressor() {
    return jointRegressor;
  }

  public int[] parents() {
    return parents;
  }

  public float[] skinWeights() {
    return skinWeights;
  }

  /** {@code [T*2]} or {@code null}. */
  public float[] uvs() {
    return uvs;
  }

  /** {@code [F*3]} or {@code null}. */
  public int[] uvFaces() {
    return uvFaces;
  }

  public boolean hasUvs() {
    return uvs != null;
  }

  /** {@code [K*45]} or {@code null}. */
  public float[] handComponentsLeft() {
    return handComponentsLeft;
  }

  /** {@code [K*45]} or {@code null}. */
  public float[] handComponentsRight() {
    return handComponentsRight;
  }

  /** {@code [45]} or {@code null}. */
  public float[] handMeanLeft() {
    return handMeanLeft;
  }

  /** {@code [45]} or {@code null}. */
  public float[] handMeanRight() {
    return handMeanRight;
  }
}
