package dev.persona.core.body.makehuman;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyModelNpz;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.mesh.ObjMesh;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Imports the CC0 MakeHuman body (MPFB2 assets) as a {@link BodyModel} in SMPL-X's layout, so that
 * users without an SMPL-X licence get a body model they may use freely. Documented in {@code
 * docs/makehuman-import.md}.
 *
 * <ul>
 *   <li>Surface: the base mesh's {@code body} group only (helper geometry and joint cubes dropped),
 *       re-indexed compactly, quads split in two, UVs kept; decimetres to metres; y up, facing +z,
 *       triangles counter-clockwise from outside (checked, fixed if the assets differ).
 *   <li>Template ({@code betas = 0}): MakeHuman's default sliders (gender from the options), posed
 *       from MakeHuman's A-pose into the T-pose of {@code t-pose.json} by the rig's own skinning,
 *       so zero SMPL-X pose parameters give a T-pose as on SMPL-X.
 *   <li>Joints: joint-cube centroids, mapped per {@link MakeHumanSmplxMap}; the regressor is fitted
 *       over surface vertices ({@link JointRegressorFit}) to reproduce them along every shape
 *       direction.
 *   <li>Shape directions: {@link ShapeDirection}, T-posed exactly like the template (posing with
 *       fixed rotations is linear in the rest mesh, see {@link ArmaturePose}); no expressions.
 *   <li>Skinning weights: the game-engine rig's, columns remapped to SMPL-X joints, rows summing to
 *       1. Pose correctives: none (zeros): MakeHuman has no pose-dependent shapes.
 * </ul>
 */
public final class MakeHumanImporter {
  /** MakeHuman units are decimetres. */
  static final double METRES_PER_UNIT = 0.1;

  private MakeHumanImporter() {}

  /**
   * Reads the asset folder and builds the body model.
   *
   * @param assetsDir the {@code makehuman-cc0} folder (see {@link MakeHumanAssets} for its layout)
   * @throws InvalidInputException {@code NOT_FOUND} naming a missing folder or file, {@code
   *     MALFORMED} naming a file that does not parse or does not fit the others
   */
  public static BodyModel importAssets(Path assetsDir, MakeHumanImportOptions options) {
    return build(MakeHumanAssets.load(assetsDir), options).model;
  }

  /**
   * Imports with {@link MakeHumanImportOptions#defaults()} and writes the model to {@code out} in
   * the SMPL-X npz layout ({@link BodyModelNpz#write}).
   *
   * @return the model written
   * @throws InvalidInputException as {@link #importAssets}
   * @throws IOException when {@code out} cannot be written
   */
  public static BodyModel importToNpz(Path assetsDir, Path out) throws IOException {
    return importToNpz(assetsDir, out, MakeHumanImportOptions.defaults());
  }

  /** As {@link #importToNpz(Path, Path)}, with the given options. */
  public static BodyModel importToNpz(Path assetsDir, Path out, MakeHumanImportOptions options)
      throws IOException {
    BodyModel model = importAssets(assetsDir, options);
    BodyModelNpz.write(out, model);
    return model;
  }

  /**
   * The import with what it was fitted to: joints {@code [55*3]} of the template and their
   * displacement per unit of each shape direction {@code [S][55*3]}, metres, the frame of the
   * model.
   */
  static final class Result {
    final BodyModel model;
    final double[] joints;
    final double[][] jointDirections;

    Result(BodyModel model, double[] joints, double[][] jointDirections) {
      this.model = model;
      this.joints = joints;
      this.jointDirections = jointDirections;
    }
  }

  static Result build(MakeHumanAssets assets, MakeHumanImportOptions options) {
    Rig rig = assets.rig();
    int[] body = assets.groups().vertices("body", assets.groupsFile());
    MacroSliders base = MacroSliders.defaults().withGender(options.gender());

    double[] rest = assets.blend(base);
    ShapeDirection[] kinds = ShapeDirection.values();
    int s = kinds.length;
    double[][] restDirections = new double[s][];
    for (int k = 0; k < s; k++) {
      ShapeDirection.Move move = kinds[k].move(base);
      restDirections[k] = assets.difference(move.from(), move.to(), move.scale());
    }

    double[] eulers = options.bakeTPose() ? assets.tPose().eulers() : new double[rig.size() * 3];
    ArmaturePose pose = ArmaturePose.of(rig, rest, eulers);
    int[] jointBones = jointBones(rig, assets.dir().resolve(MakeHumanAssets.RIG));
    int[][] jointCubes = jointCubes(assets);

    double[] vertices = posedSurface(assets, pose, rest, body);
    double[] joints = posedJoints(pose, rest, jointBones, jointCubes);
    double[][] directions = new double[s][];
    double[][] jointDirections = new double[s][];
    for (int k = 0; k < s; k++) {
      directions[k] = posedSurface(assets, pose, restDirections[k], body);
      jointDirections[k] = posedJoints(pose, restDirections[k], jointBones, jointCubes);
    }

    Surface surface = surface(assets.mesh(), body, assets.dir().resolve(MakeHumanAssets.MESH));
    if (facesBackwards(joints)) {
      // A half turn about y: the character's left stays its left, now at +x.
      halfTurn(vertices);
      halfTurn(joints);
      for (int k = 0; k < s; k++) {
        halfTurn(directions[k]);
        halfTurn(jointDirections[k]);
      }
    }
    if (signedVolume(vertices, surface.faces) < 0) {
      surface.reverseWinding();
    }

    float[] regressor = JointRegressorFit.fit(vertices, directions, joints, jointDirections);
    float[] skinWeights = skinWeights(assets, body, jointBones, rest);
    int v = body.length;
    float[] template = new float[v * 3];
    for (int i = 0; i < template.length; i++) {
      template[i] = (float) vertices[i];
    }
    float[] shapeDirs = new float[v * 3 * s];
    for (int i = 0; i < v * 3; i++) {
      for (int k = 0; k < s; k++) {
        shapeDirs[i * s + k] = (float) directions[k][i];
      }
    }
    // MakeHuman has no pose-dependent correctives: posedirs (V,3,486) are all zero.
    float[] poseDirs = new float[v * 3 * (SmplxJoints.COUNT - 1) * 9];
    BodyModel model =
        BodyModel.of(
            options.name(),
            template,
            surface.faces,
            shapeDirs,
            s,
            0,
            poseDirs,
            regressor,
            SmplxJoints.parents(),
            skinWeights,
            surface.uvs,
            surface.uvFaces);
    return new Result(model, joints, jointDirections);
  }

  /** Rig bone index per SMPL-X joint, -1 for the bone-less ones (jaw, eyes). */
  private static int[] jointBones(Rig rig, Path rigFile) {
    List<MakeHumanSmplxMap.JointSource> table = MakeHumanSmplxMap.JOINTS;
    int[] bones = new int[table.size()];
    for (int j = 0; j < bones.length; j++) {
      MakeHumanSmplxMap.JointSource source = table.get(j);
      String name = source.hasBone() ? source.bone() : source.carrier();
      int b = rig.indexOf(name);
      if (b < 0) {
        throw AssetFiles.malformed(rigFile, "the rig has no bone " + name + " for SMPL-X");
      }
      bones[j] = source.hasBone() ? b : -1 - b;
    }
    return bones;
  }

  /** Cube vertices per SMPL-X joint ({@code null} where the joint is a bone head). */
  private static int[][] jointCubes(MakeHumanAssets assets) {
    List<MakeHumanSmplxMap.JointSource> table = MakeHumanSmplxMap.JOINTS;
    int[][] cubes = new int[table.size()][];
    for (int j = 0; j < cubes.length; j++) {
      if (!table.get(j).hasBone()) {
        cubes[j] = assets.groups().vertices(table.get(j).cube(), assets.groupsFile());
      }
    }
    return cubes;
  }

  /** Posed surface {@code [V*3]} in metres from a rest mesh or displacement {@code [N*3]} dm. */
  private static double[] posedSurface(
      MakeHumanAssets assets, ArmaturePose pose, double[] mesh, int[] body) {
    double[] heads = pose.heads(mesh);
    double[] posed = pose.poseVertices(mesh, body, assets.weights(), heads, pose.posedHeads(heads));
    for (int i = 0; i < posed.length; i++) {
      posed[i] *= METRES_PER_UNIT;
    }
    return posed;
  }

  /**
   * Posed SMPL-X joints {@code [55*3]} in metres: posed bone heads, or for bone-less joints their
   * cube centroid carried rigidly by the carrier bone (encoded as {@code -1 - bone}).
   */
  private static double[] posedJoints(
      ArmaturePose pose, double[] mesh, int[] jointBones, int[][] jointCubes) {
    double[] heads = pose.heads(mesh);
    double[] posedHeads = pose.posedHeads(heads);
    double[] joints = new double[jointBones.length * 3];
    for (int j = 0; j < jointBones.length; j++) {
      double[] p;
      if (jointBones[j] >= 0) {
        int b = jointBones[j];
        p = new double[] {posedHeads[b * 3], posedHeads[b * 3 + 1], posedHeads[b * 3 + 2]};
      } else {
        p =
            pose.attach(
                -1 - jointBones[j], ArmaturePose.centroid(mesh, jointCubes[j]), heads, posedHeads);
      }
      for (int c = 0; c < 3; c++) {
        joints[j * 3 + c] = p[c] * METRES_PER_UNIT;
      }
    }
    return joints;
  }

  /** The body group's triangles re-indexed over {@code body}, with their UVs compacted. */
  private static final class Surface {
    final int[] faces;
    final float[] uvs;
    final int[] uvFaces;

    Surface(int[] faces, float[] uvs, int[] uvFaces) {
      this.faces = faces;
      this.uvs = uvs;
      this.uvFaces = uvFaces;
    }

    void reverseWinding() {
      for (int f = 0; f < faces.length; f += 3) {
        int t = faces[f + 1];
        faces[f + 1] = faces[f + 2];
        faces[f + 2] = t;
        if (uvFaces != null) {
          t = uvFaces[f + 1];
          uvFaces[f + 1] = uvFaces[f + 2];
          uvFaces[f + 2] = t;
        }
      }
    }
  }

  private static Surface surface(ObjMesh mesh, int[] body, Path meshFile) {
    int group = mesh.groups().indexOf("body");
    if (group < 0) {
      throw AssetFiles.malformed(meshFile, "it has no \"body\" group");
    }
    int[] newIndex = new int[mesh.vertexCount()];
    Arrays.fill(newIndex, -1);
    for (int i = 0; i < body.length; i++) {
      newIndex[body[i]] = i;
    }
    int[] faceGroups = mesh.faceGroups();
    int[] faces = mesh.faces();
    int[] uvFaces = mesh.uvFaces();
    int count = 0;
    for (int g : faceGroups) {
      if (g == group) {
        count++;
      }
    }
    int[] outFaces = new int[count * 3];
    int[] outUvFaces = uvFaces == null ? null : new int[count * 3];
    // Compact UV indices in order of first use.
    int[] uvIndex = new int[uvFaces == null ? 0 : mesh.uvs().length / 2];
    Arrays.fill(uvIndex, -1);
    int uvCount = 0;
    int k = 0;
    for (int f = 0; f < faceGroups.length; f++) {
      if (faceGroups[f] != group) {
        continue;
      }
      for (int c = 0; c < 3; c++) {
        int mapped = newIndex[faces[f * 3 + c]];
        if (mapped < 0) {
          throw AssetFiles.malformed(
              meshFile,
              "a body face uses vertex " + faces[f * 3 + c] + ", outside the body vertex group");
        }
        outFaces[k * 3 + c] = mapped;
        if (outUvFaces != null) {
          int uv = uvFaces[f * 3 + c];
          if (uvIndex[uv] < 0) {
            uvIndex[uv] = uvCount++;
          }
          outUvFaces[k * 3 + c] = uvIndex[uv];
        }
      }
      k++;
    }
    float[] uvs = null;
    if (outUvFaces != null) {
      uvs = new float[uvCount * 2];
      float[] source = mesh.uvs();
      for (int t = 0; t < uvIndex.length; t++) {
        if (uvIndex[t] >= 0) {
          uvs[uvIndex[t] * 2] = source[t * 2];
          uvs[uvIndex[t] * 2 + 1] = source[t * 2 + 1];
        }
      }
    }
    return new Surface(outFaces, uvs, outUvFaces);
  }

  /** Whether the eyes are behind the head joint, i.e. the body faces -z. */
  private static boolean facesBackwards(double[] joints) {
    double eyes = joints[SmplxJoints.LEFT_EYE * 3 + 2] + joints[SmplxJoints.RIGHT_EYE * 3 + 2];
    return eyes / 2 < joints[SmplxJoints.index("head") * 3 + 2];
  }

  private static void halfTurn(double[] xyz) {
    for (int i = 0; i < xyz.length; i += 3) {
      xyz[i] = -xyz[i];
      xyz[i + 2] = -xyz[i + 2];
    }
  }

  /** Signed volume (m^3) enclosed by the triangles; positive when they wind CCW from outside. */
  static double signedVolume(double[] vertices, int[] faces) {
    double sum = 0;
    for (int f = 0; f < faces.length; f += 3) {
      int a = faces[f] * 3;
      int b = faces[f + 1] * 3;
      int c = faces[f + 2] * 3;
      // a . (b x c) / 6: the tetrahedron with the origin.
      sum +=
          vertices[a] * (vertices[b + 1] * vertices[c + 2] - vertices[b + 2] * vertices[c + 1])
              + vertices[a + 1] * (vertices[b + 2] * vertices[c] - vertices[b] * vertices[c + 2])
              + vertices[a + 2] * (vertices[b] * vertices[c + 1] - vertices[b + 1] * vertices[c]);
    }
    return sum / 6;
  }

  /**
   * Skinning weights {@code [V*55]}: the rig's weights of each body vertex summed into the SMPL-X
   * joint of their bone, rows normalised to 1; a vertex without weights copies the row of the
   * nearest weighted vertex of the rest mesh.
   */
  private static float[] skinWeights(
      MakeHumanAssets assets, int[] body, int[] jointBones, double[] rest) {
    Rig rig = assets.rig();
    int[] jointOfBone = new int[rig.size()];
    Arrays.fill(jointOfBone, -1);
    for (int j = 0; j < jointBones.length; j++) {
      if (jointBones[j] >= 0) {
        jointOfBone[jointBones[j]] = j;
      }
    }
    for (Map.Entry<String, String> merged : MakeHumanSmplxMap.MERGED_BONES.entrySet()) {
      int b = rig.indexOf(merged.getKey());
      if (b >= 0) {
        jointOfBone[b] = SmplxJoints.index(merged.getValue());
      }
    }
    for (int b = 0; b < rig.size(); b++) {
      if (jointOfBone[b] < 0) {
        throw AssetFiles.malformed(
            assets.dir().resolve(MakeHumanAssets.RIG),
            "bone " + rig.bones().get(b).name + " has no SMPL-X counterpart");
      }
    }
    int jc = SmplxJoints.COUNT;
    int v = body.length;
    float[] out = new float[v * jc];
    boolean[] weighted = new boolean[v];
    SkinWeights w = assets.weights();
    int[] rowStart = w.rowStart();
    for (int i = 0; i < v; i++) {
      int src = body[i];
      double total = 0;
      for (int e = rowStart[src]; e < rowStart[src + 1]; e++) {
        total += w.weights()[e];
      }
      if (!(total > 0)) {
        continue;
      }
      weighted[i] = true;
      for (int e = rowStart[src]; e < rowStart[src + 1]; e++) {
        out[i * jc + jointOfBone[w.bones()[e]]] += (float) (w.weights()[e] / total);
      }
    }
    for (int i = 0; i < v; i++) {
      if (weighted[i]) {
        continue;
      }
      int nearest = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int o = 0; o < v; o++) {
        if (!weighted[o]) {
          continue;
        }
        double d2 = 0;
        for (int c = 0; c < 3; c++) {
          double d = rest[body[o] * 3 + c] - rest[body[i] * 3 + c];
          d2 += d * d;
        }
        if (d2 < best) {
          best = d2;
          nearest = o;
        }
      }
      if (nearest < 0) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            "MakeHuman weights "
                + assets.dir().resolve(MakeHumanAssets.WEIGHTS)
                + " give no body vertex any weight");
      }
      System.arraycopy(out, nearest * jc, out, i * jc, jc);
    }
    return out;
  }
}
