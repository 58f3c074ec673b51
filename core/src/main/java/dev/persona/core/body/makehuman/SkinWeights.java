package dev.persona.core.body.makehuman;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * A rig's skinning weights ({@code rigs/standard/weights.*.json}): {@code {"weights": {bone:
 * [[vertex, weight], ...]}}}, held per vertex in compressed rows over the rig's bone indices. Rows
 * are as in the file (MakeHuman's sum to 1 within 1e-4); bones absent from the file have no
 * weights.
 */
final class SkinWeights {
  private final int[] rowStart;
  private final int[] bones;
  private final float[] weights;

  private SkinWeights(int[] rowStart, int[] bones, float[] weights) {
    this.rowStart = rowStart;
    this.bones = bones;
    this.weights = weights;
  }

  /** Entries of vertex {@code v} are {@code rowStart()[v] .. rowStart()[v+1]-1}; {@code [V+1]}. */
  int[] rowStart() {
    return rowStart;
  }

  /** Rig bone index per entry; shared, do not modify. */
  int[] bones() {
    return bones;
  }

  /** Weight per entry; shared, do not modify. */
  float[] weights() {
    return weights;
  }

  /**
   * Reads a weights file for {@code rig} over a mesh of {@code vertexCount} vertices.
   *
   * @throws dev.persona.core.InvalidInputException {@code NOT_FOUND} or {@code MALFORMED} naming
   *     the file (a bone not in the rig, a vertex out of range, a negative or non-finite weight)
   */
  static SkinWeights read(Path file, Rig rig, int vertexCount) {
    JsonNode weightsNode = AssetFiles.object(AssetFiles.readJson(file), "weights", file);
    // Two passes over the tree: count entries per vertex, then fill the rows.
    int[] rowStart = new int[vertexCount + 1];
    int total = 0;
    for (Map.Entry<String, JsonNode> bone : weightsNode.properties()) {
      if (rig.indexOf(bone.getKey()) < 0) {
        throw AssetFiles.malformed(file, "weights name bone " + bone.getKey() + ", not in the rig");
      }
      JsonNode pairs = bone.getValue();
      if (!pairs.isArray()) {
        throw AssetFiles.malformed(file, "weights of " + bone.getKey() + " must be a list");
      }
      for (JsonNode pair : pairs) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).canConvertToInt()) {
          throw AssetFiles.malformed(
              file, "weights of " + bone.getKey() + " must be [vertex, weight] pairs");
        }
        int v = pair.get(0).asInt();
        if (v < 0 || v >= vertexCount) {
          throw AssetFiles.malformed(
              file, "weights of " + bone.getKey() + " refer to vertex " + v + " out of range");
        }
        double w = AssetFiles.number(pair.get(1), "weight of " + bone.getKey(), file);
        if (w < 0) {
          throw AssetFiles.malformed(file, "negative weight for " + bone.getKey());
        }
        rowStart[v + 1]++;
        total++;
      }
    }
    for (int v = 0; v < vertexCount; v++) {
      rowStart[v + 1] += rowStart[v];
    }
    int[] fill = rowStart.clone();
    int[] bones = new int[total];
    float[] weights = new float[total];
    for (Map.Entry<String, JsonNode> bone : weightsNode.properties()) {
      int b = rig.indexOf(bone.getKey());
      for (JsonNode pair : bone.getValue()) {
        int k = fill[pair.get(0).asInt()]++;
        bones[k] = b;
        weights[k] = (float) pair.get(1).asDouble();
      }
    }
    return new SkinWeights(rowStart, bones, weights);
  }
}
