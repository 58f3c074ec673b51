package dev.persona.core.body.makehuman;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.mesh.ObjMesh;
import dev.persona.core.mesh.ObjReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed MakeHuman (MPFB2) asset folder: base mesh, vertex groups, game-engine rig, its
 * weights, the T-pose, and the macrodetail targets (read on first use and kept). Not thread-safe:
 * one import at a time.
 *
 * <p>Layout: {@code 3dobjs/base.obj}, {@code mesh_metadata/basemesh_vertex_groups.json}, {@code
 * rigs/standard/rig.game_engine.json}, {@code rigs/standard/weights.game_engine.json}, {@code
 * poses/game_engine_fk/t-pose.json}, {@code targets/macrodetails/**.target.gz}.
 */
final class MakeHumanAssets {
  static final String MESH = "3dobjs/base.obj";
  static final String GROUPS = "mesh_metadata/basemesh_vertex_groups.json";
  static final String RIG = "rigs/standard/rig.game_engine.json";
  static final String WEIGHTS = "rigs/standard/weights.game_engine.json";
  static final String T_POSE = "poses/game_engine_fk/t-pose.json";
  static final String TARGETS = "targets/macrodetails/";

  private final Path dir;
  private final ObjMesh mesh;
  private final double[] positions;
  private final VertexGroups groups;
  private final Rig rig;
  private final SkinWeights weights;
  private final RestPose tPose;
  private final Map<String, MorphTarget> targets = new HashMap<>();

  private MakeHumanAssets(
      Path dir, ObjMesh mesh, VertexGroups groups, Rig rig, SkinWeights weights, RestPose tPose) {
    this.dir = dir;
    this.mesh = mesh;
    float[] p = mesh.positions();
    this.positions = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      positions[i] = p[i];
    }
    this.groups = groups;
    this.rig = rig;
    this.weights = weights;
    this.tPose = tPose;
  }

  /**
   * Reads everything but the targets.
   *
   * @throws InvalidInputException {@code NOT_FOUND} naming the folder or a missing file, {@code
   *     MALFORMED} naming a file that does not parse
   */
  static MakeHumanAssets load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, "MakeHuman assets folder not found: " + dir);
    }
    ObjMesh mesh = ObjReader.read(AssetFiles.require(dir, MESH));
    int n = mesh.vertexCount();
    VertexGroups groups = VertexGroups.read(AssetFiles.require(dir, GROUPS), n);
    Rig rig = Rig.read(AssetFiles.require(dir, RIG), groups, n);
    SkinWeights weights = SkinWeights.read(AssetFiles.require(dir, WEIGHTS), rig, n);
    RestPose tPose = RestPose.read(AssetFiles.require(dir, T_POSE), rig);
    AssetFiles.require(dir, TARGETS + "macro.json");
    return new MakeHumanAssets(dir, mesh, groups, rig, weights, tPose);
  }

  Path dir() {
    return dir;
  }

  ObjMesh mesh() {
    return mesh;
  }

  /** Base-mesh positions {@code [N*3]} as doubles, decimetres; shared, do not modify. */
  double[] positions() {
    return positions;
  }

  VertexGroups groups() {
    return groups;
  }

  Rig rig() {
    return rig;
  }

  SkinWeights weights() {
    return weights;
  }

  RestPose tPose() {
    return tPose;
  }

  /** The file that {@code group} lookups blame when a group is missing. */
  Path groupsFile() {
    return dir.resolve(GROUPS);
  }

  /** A macrodetail target by key (path under {@code targets/macrodetails/} without extension). */
  MorphTarget target(String key) {
    MorphTarget target = targets.get(key);
    if (target == null) {
      Path file = AssetFiles.require(dir, TARGETS + MacroBlend.fileName(key));
      target = MorphTarget.read(file, mesh.vertexCount());
      targets.put(key, target);
    }
    return target;
  }

  /** The base mesh with MakeHuman's macro targets for {@code sliders} applied, {@code [N*3]} dm. */
  double[] blend(MacroSliders sliders) {
    double[] out = positions.clone();
    for (Map.Entry<String, Double> e : MacroBlend.weights(sliders).entrySet()) {
      target(e.getKey()).addTo(out, e.getValue());
    }
    return out;
  }

  /**
   * {@code scale * (blend(to) - blend(from))}, {@code [N*3]} dm, summed target by target so that
   * the shared part of the two blends cancels exactly.
   */
  double[] difference(MacroSliders from, MacroSliders to, double scale) {
    Map<String, Double> a = MacroBlend.weights(from);
    Map<String, Double> b = MacroBlend.weights(to);
    Map<String, Double> delta = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : b.entrySet()) {
      delta.merge(e.getKey(), e.getValue(), Double::sum);
    }
    for (Map.Entry<String, Double> e : a.entrySet()) {
      delta.merge(e.getKey(), -e.getValue(), Double::sum);
    }
    double[] out = new double[positions.length];
    for (Map.Entry<String, Double> e : delta.entrySet()) {
      double w = e.getValue() * scale;
      if (Math.abs(w) > MacroBlend.NEGLIGIBLE) {
        target(e.getKey()).addTo(out, w);
      }
    }
    return out;
  }
}
