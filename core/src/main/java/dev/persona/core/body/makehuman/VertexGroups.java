package dev.persona.core.body.makehuman;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Named vertex sets of the HM08 base mesh, from {@code mesh_metadata/basemesh_vertex_groups.json}:
 * {@code {"group": [[first, last], ...]}} with inclusive index ranges. The {@code body} group is
 * the skin; {@code joint-*} groups are the joint cubes (8 vertices each); {@code helper-*} groups
 * are proxy geometry (eyes, teeth, tights, ...) that the importer drops.
 */
final class VertexGroups {
  private final Map<String, int[]> members;

  private VertexGroups(Map<String, int[]> members) {
    this.members = members;
  }

  /**
   * Reads the groups file, checking every range against {@code vertexCount}.
   *
   * @throws dev.persona.core.InvalidInputException {@code NOT_FOUND} or {@code MALFORMED} naming
   *     the file
   */
  static VertexGroups read(Path file, int vertexCount) {
    JsonNode root = AssetFiles.readJson(file);
    if (!root.isObject()) {
      throw AssetFiles.malformed(file, "expected an object of group name to index ranges");
    }
    Map<String, int[]> members = new HashMap<>();
    for (Map.Entry<String, JsonNode> group : root.properties()) {
      JsonNode ranges = group.getValue();
      if (!ranges.isArray()) {
        throw AssetFiles.malformed(file, "group " + group.getKey() + " must be a list of ranges");
      }
      int count = 0;
      int[][] pairs = new int[ranges.size()][];
      for (int r = 0; r < ranges.size(); r++) {
        JsonNode range = ranges.get(r);
        if (!range.isArray()
            || range.size() != 2
            || !range.get(0).canConvertToInt()
            || !range.get(1).canConvertToInt()) {
          throw AssetFiles.malformed(file, "group " + group.getKey() + " has a bad range " + range);
        }
        int first = range.get(0).asInt();
        int last = range.get(1).asInt();
        if (first < 0 || last < first || last >= vertexCount) {
          throw AssetFiles.malformed(
              file,
              "group "
                  + group.getKey()
                  + " range ["
                  + first
                  + ", "
                  + last
                  + "] is outside the mesh's "
                  + vertexCount
                  + " vertices");
        }
        pairs[r] = new int[] {first, last};
        count += last - first + 1;
      }
      int[] indices = new int[count];
      int k = 0;
      for (int[] pair : pairs) {
        for (int i = pair[0]; i <= pair[1]; i++) {
          indices[k++] = i;
        }
      }
      members.put(group.getKey(), indices);
    }
    return new VertexGroups(members);
  }

  boolean contains(String group) {
    return members.containsKey(group);
  }

  /**
   * The vertex indices of {@code group} in file order; shared, do not modify.
   *
   * @throws dev.persona.core.InvalidInputException {@code MALFORMED} naming {@code file} when the
   *     group is absent
   */
  int[] vertices(String group, Path file) {
    int[] indices = members.get(group);
    if (indices == null) {
      throw AssetFiles.malformed(file, "it refers to vertex group " + group + ", which is absent");
    }
    return indices;
  }
}
